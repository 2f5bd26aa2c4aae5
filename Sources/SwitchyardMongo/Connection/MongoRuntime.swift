import CMongoC
import Logging
import Switchyard

/// libmongoc's process-wide set-up, done once.
///
/// `mongoc_init` must run before any other libmongoc call and only once; a static
/// `let` is initialised exactly once, thread-safely, on first use. `mongoc_cleanup`
/// is never called: other code in the process may still hold clients at exit.
///
/// libmongoc's own log lines go to swift-log (``logger``) instead of standard error,
/// with the secrets of every URL opened so far masked. Its warnings repeat what the
/// adapter reports as errors (a failed authentication, a server that does not answer)
/// and are logged at `debug`; its errors at `error`, its debug chatter not at all.
enum MongoRuntime {
    /// Where libmongoc's messages go, labelled `switchyard.mongo.libmongoc`.
    static let logger = Logger(label: "switchyard.mongo.libmongoc")
    /// The URLs opened so far, whose secrets log lines must not show.
    private static let urls = Locked<[BackendURL]>([])

    private static let initialized: Bool = {
        mongoc_init()
        mongoc_log_set_handler({ level, domain, message, _ in
            let swiftLevel: Logger.Level
            switch level {
            case MONGOC_LOG_LEVEL_ERROR, MONGOC_LOG_LEVEL_CRITICAL: swiftLevel = .error
            case MONGOC_LOG_LEVEL_WARNING: swiftLevel = .debug
            default: return
            }
            guard MongoRuntime.logger.logLevel <= swiftLevel else { return }
            var text = message.map { String(cString: $0) } ?? ""
            for url in MongoRuntime.urls.value { text = url.scrub(text) }
            let area = domain.map { String(cString: $0) } ?? "mongoc"
            MongoRuntime.logger.log(level: swiftLevel, "\(text)", metadata: ["domain": "\(area)"])
        }, nil)
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }

    /// Keeps `url`'s secrets out of libmongoc's log lines from now on.
    static func register(_ url: BackendURL) {
        guard url.redacted != url.text else { return }  // nothing secret in it
        urls.withLock { known in
            if !known.contains(where: { $0.text == url.text }) { known.append(url) }
        }
    }
}
