import CMongoC

/// libmongoc's process-wide set-up, done once.
///
/// `mongoc_init` must run before any other libmongoc call and only once; a static
/// `let` is initialised exactly once, thread-safely, on first use. `mongoc_cleanup`
/// is never called: other code in the process may still hold clients at exit.
enum MongoRuntime {
    private static let initialized: Bool = {
        mongoc_init()
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }
}
