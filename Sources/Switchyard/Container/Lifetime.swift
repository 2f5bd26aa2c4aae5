/// How long a resolved instance lives.
public enum Lifetime: Sendable, Hashable {
    /// One instance for the container's life, built on first use.
    case singleton
    /// A new instance on every resolution.
    case transient
    /// One instance per ``Container/Scope`` (per request, per REPL session).
    case scoped
}
