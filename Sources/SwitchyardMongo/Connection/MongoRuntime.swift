import CMongoC

/// libmongoc's process-wide set-up, done once.
///
/// `mongoc_init` must run before any other libmongoc call and only once; a static
/// `let` is initialised exactly once, thread-safely, on first use. `mongoc_cleanup`
/// is never called: other code in the process may still hold clients at exit.
enum MongoRuntime {
    private static let initialized: Bool = {
        mongoc_init()
        // libmongoc's default handler prints every level, including DEBUG chatter from its
        // server monitors; keep warnings and errors only.
        mongoc_log_set_handler({ level, domain, message, _ in
            guard level.rawValue <= MONGOC_LOG_LEVEL_WARNING.rawValue else { return }
            mongoc_log_default_handler(level, domain, message, nil)
        }, nil)
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }
}
