import Dispatch
import Switchyard
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Delivers SIGINT (Ctrl-C while a statement runs) to whoever is listening, instead of killing the process.
///
/// The REPL cancels the running statement's task from the handler; the process and the session survive.
public final class InterruptWatcher: Sendable {
    /// The one watcher of the process: SIGINT has a single disposition per process.
    public static let shared = InterruptWatcher()

    private struct State: Sendable {
        var nextID = 0
        var handlers: [Int: @Sendable () -> Void] = [:]
    }

    private let state = Locked(State())
    // Never mutated after init; kept only so the source stays alive. Dispatch sources are thread-safe.
    nonisolated(unsafe) private let source: any DispatchSourceSignal

    private init() {
        // A signal source only sees the signal when its default action (terminate) is disabled.
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "switchyard.sigint"))
        self.source = source
        source.setEventHandler { [state] in
            let handlers = state.withLock { Array($0.handlers.values) }
            if handlers.isEmpty && !LineEditor.isInteractive {
                // A script run non-interactively keeps the usual meaning of Ctrl-C: stop the process.
                // Dispatch may block SIGINT on its threads to route it to the source: unblock it here
                // so the re-raised signal takes its default action on this very thread.
                signal(SIGINT, SIG_DFL)
                var interrupt = sigset_t()
                sigemptyset(&interrupt)
                sigaddset(&interrupt, SIGINT)
                pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
                raise(SIGINT)
                return
            }
            for handler in handlers { handler() }
        }
        source.resume()
    }

    /// Calls `handler` on each SIGINT until the returned token is cancelled or deinitialised.
    ///
    /// While nobody listens, SIGINT is ignored when interactive (the REPL stays up);
    /// when stdin or stdout is not a terminal it terminates the process as usual.
    public func onInterrupt(_ handler: @escaping @Sendable () -> Void) -> InterruptToken {
        let id = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.handlers[id] = handler
            return id
        }
        return InterruptToken { [state] in
            _ = state.withLock { $0.handlers.removeValue(forKey: id) }
        }
    }
}

/// Keeps an interrupt handler registered; cancelling (or releasing) it unregisters the handler.
public final class InterruptToken: Sendable {
    private let onCancel: Locked<(@Sendable () -> Void)?>

    init(onCancel: @escaping @Sendable () -> Void) {
        self.onCancel = Locked(onCancel)
    }

    /// Stops delivering interrupts to the handler. Safe to call more than once.
    public func cancel() {
        let action = onCancel.withLock { action in
            let taken = action
            action = nil
            return taken
        }
        action?()
    }

    deinit { cancel() }
}
