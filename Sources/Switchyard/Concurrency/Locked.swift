import Synchronization

/// A value behind a mutex: the one way Switchyard shares mutable state between threads.
///
/// A final class around `Mutex` so it can be stored in other `Sendable` classes
/// and captured by closures.
public final class Locked<State: Sendable>: Sendable {
    // Visible to inlinable code so callers in other modules specialise `withLock` for their
    // state: an unspecialised call looks up generic metadata at run time on every lock.
    @usableFromInline let mutex: Mutex<State>

    /// Wraps `state` in a new mutex.
    public init(_ state: State) { mutex = Mutex(state) }

    /// Runs `body` with exclusive access to the state and returns what it returns.
    ///
    /// `body` runs while the mutex is held: keep it short, and do not use the same ``Locked``
    /// from it (the mutex is not recursive).
    @inlinable
    public func withLock<R: Sendable>(_ body: (inout sending State) throws -> sending R) rethrows -> R {
        try mutex.withLock(body)
    }

    /// A copy of the current state.
    @inlinable
    public var value: State { mutex.withLock { $0 } }
}
