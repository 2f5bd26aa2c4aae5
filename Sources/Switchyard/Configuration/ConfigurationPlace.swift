/// Where a configuration file gave an entry (`routing.rules[2]`, `backends[1]`), so that a
/// problem found once the whole file is read names that place even when an entry before it
/// could not be read and was left out of the list.
///
/// Not part of what the entry means: any two places are equal, so an entry read from a file
/// equals the same entry made in code.
struct ConfigurationPlace: Sendable, Hashable {
    /// The reader's path of the entry; `nil` for an entry made in code.
    var path: String?

    static func == (a: ConfigurationPlace, b: ConfigurationPlace) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
