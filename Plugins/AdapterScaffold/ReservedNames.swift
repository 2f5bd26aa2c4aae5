/// Names and schemes a new adapter cannot take: what the scaffold would generate for them
/// clashes with Switchyard's own modules, types, query languages or URL schemes.
///
/// Names are compared ignoring case: `Sqlite` is no clash for Swift, but `SwitchyardSqlite`
/// and `SwitchyardSQLite` are one folder on a case-insensitive file system, and a reader
/// cannot tell the two adapters apart.
enum ReservedNames {
    /// Each reserved `--name`, with what it would clash with.
    static let adapterNames: [(name: String, clash: String)] = [
        ("Postgres", "the built-in PostgreSQL adapter (module SwitchyardPostgres, PostgresDriver, PostgresBackend, PostgresDialect)"),
        ("SQLite", "the built-in SQLite adapter (module SwitchyardSQLite, SQLiteDriver, SQLiteBackend, SQLiteDialect)"),
        ("Mongo", "the built-in MongoDB adapter (module SwitchyardMongo, MongoDriver, MongoBackend) and QueryLanguage.mongo"),
        ("Sql", "the built-in language QueryLanguage.sql and the core's SQLDialect and SQLLanguageSupport"),
        ("Backend", "the core's BackendDriver protocol"),
        ("QueryLanguage", "the core's QueryLanguageSupport protocol"),
        ("Conformance", "the module SwitchyardConformance and its ConformanceFixture protocol"),
        ("SQLConformance", "SwitchyardConformance's SQLConformanceFixture"),
        ("REPL", "the module SwitchyardREPL"),
        ("Lifecycle", "the module SwitchyardLifecycle"),
    ]

    /// URL schemes the built-in drivers register and names of the built-in query languages
    /// (a document store's language is `QueryLanguage(scheme)`).
    static let schemes: Set<String> = ["postgres", "postgresql", "sqlite", "mongodb", "mongodb+srv", "mongo", "sql"]

    /// Throws when `name` or `scheme` is reserved, saying what it clashes with and what to do.
    static func check(name: String, scheme: String) throws {
        if let reserved = adapterNames.first(where: { $0.name.lowercased() == name.lowercased() }) {
            throw ScaffoldError(
                "--name \(name) clashes with \(reserved.clash); choose a name of its own, such as My\(name) or the product's name")
        }
        if schemes.contains(scheme.lowercased()) {
            throw ScaffoldError(
                "--scheme \(scheme) clashes with a built-in driver's URL scheme or query language; choose the new database's own scheme")
        }
    }
}
