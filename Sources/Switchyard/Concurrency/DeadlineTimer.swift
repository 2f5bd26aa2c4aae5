import Dispatch
import Synchronization

/// Runs actions at their deadlines — a statement's timeout, a request's time limit — with one
/// Dispatch timer for all of them.
///
/// A timer per statement (a task sleeping until the deadline, or a `DispatchQueue.asyncAfter`)
/// sets a timer and later wakes a thread for every statement, even one that finished in
/// microseconds: measured at 15–35 µs of CPU per lookup on this project's machines, several
/// times a cached SQLite lookup. Here a deadline is an entry in a table: ``schedule(at:_:)``
/// adds it, ``cancel(_:)`` takes it out, and the one timer waits for the earliest. It is set
/// again only when a new deadline is earlier than the one it waits for — never the case for
/// statements with the same limit, which arrive in deadline order — and, when it fires, runs
/// the actions whose deadline has passed and sets itself for the next.
///
/// ```swift
/// let token = DeadlineTimer.shared.schedule(at: .now + timeout) { [weak self] in self?.interrupt() }
/// defer { DeadlineTimer.shared.cancel(token) }
/// ```
///
/// Actions run on the timer's Dispatch queue, while the timer holds its lock: keep them short
/// (flag an interruption, cancel a task, hand blocking work to another thread), and do not
/// schedule or cancel deadlines inside one. In return, once ``cancel(_:)`` returns, the
/// action has either finished or will never run.
public final class DeadlineTimer: Sendable {
    /// The process's timer.
    public static let shared = DeadlineTimer()

    /// A scheduled action; ``cancel(_:)`` takes it back.
    public struct Token: Sendable {
        fileprivate let id: UInt64
    }

    private struct Entry: Sendable {
        let id: UInt64
        let deadline: ContinuousClock.Instant
        let action: @Sendable () -> Void
    }

    private struct State: ~Copyable {
        /// In the order scheduled, which is the order of their ids: a token is found by binary
        /// search. Hashing ids into a dictionary cost more, for the few deadlines (one per
        /// statement or request in flight) a process has at a time.
        var entries: [Entry] = []
        var nextID: UInt64 = 1
        /// The deadline the timer is set for; `nil` when it is not set.
        var armedFor: ContinuousClock.Instant?

        /// Where the entry `id` is, or where it would be.
        func index(of id: UInt64) -> Int {
            var low = 0
            var high = entries.count
            while low < high {
                let middle = (low &+ high) / 2
                if entries[middle].id < id { low = middle &+ 1 } else { high = middle }
            }
            return low
        }
    }

    private let state = Mutex(State())
    private let alarm: Alarm

    /// A timer of its own (tests use one); everything else shares ``shared``.
    public init() {
        alarm = Alarm(queue: DispatchQueue(label: "switchyard.deadlines"))
        alarm.start { [weak self] in self?.fire() }
    }

    deinit { alarm.stop() }

    /// Runs `action` once `deadline` has passed (within about a millisecond; at once when it
    /// already has), unless ``cancel(_:)`` comes first.
    @discardableResult
    public func schedule(at deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) -> Token {
        return state.withLock { state in
            let id = state.nextID
            state.nextID &+= 1
            state.entries.append(Entry(id: id, deadline: deadline, action: action))
            if state.armedFor.map({ deadline < $0 }) ?? true {
                state.armedFor = deadline
                alarm.set(for: deadline)
            }
            return Token(id: id)
        }
    }

    /// Takes the action out: `true` when it had not run (and now never will), `false` when it
    /// has run already.
    @discardableResult
    public func cancel(_ token: Token) -> Bool {
        state.withLock { state in
            let index = state.index(of: token.id)
            guard index < state.entries.count, state.entries[index].id == token.id else { return false }
            state.entries.remove(at: index)
            return true
        }
    }

    /// Actions scheduled and neither run nor cancelled.
    public var pendingCount: Int { state.withLock { $0.entries.count } }

    /// Runs the actions whose deadline has passed and sets the timer for the earliest left.
    private func fire() {
        let now = ContinuousClock.now
        state.withLock { state in
            var earliest: ContinuousClock.Instant?
            for entry in state.entries {
                if entry.deadline <= now {
                    entry.action()
                } else if earliest.map({ entry.deadline < $0 }) ?? true {
                    earliest = entry.deadline
                }
            }
            state.entries.removeAll { $0.deadline <= now }
            state.armedFor = earliest
            if let earliest { alarm.set(for: earliest) }
        }
    }

    /// The Dispatch timer source. `@unchecked Sendable`: a `DispatchSourceTimer` may be set
    /// from any thread; it is set up once in ``start(_:)`` and then only re-set under the lock.
    private final class Alarm: @unchecked Sendable {
        private let source: any DispatchSourceTimer

        init(queue: DispatchQueue) { source = DispatchSource.makeTimerSource(queue: queue) }

        func start(_ handler: @escaping @Sendable () -> Void) {
            source.setEventHandler(handler: handler)
            source.resume()
        }

        /// No more firing: what is scheduled never runs.
        func stop() { source.cancel() }

        /// Fires once at `deadline` (within a millisecond), replacing any earlier setting. A
        /// deadline beyond a million seconds fires then, and the timer is set again.
        func set(for deadline: ContinuousClock.Instant) {
            let (seconds, attoseconds) = ContinuousClock.now.duration(to: deadline).components
            let wait: DispatchTimeInterval =
                if seconds < 0 || (seconds == 0 && attoseconds <= 0) {
                    .nanoseconds(0)
                } else if seconds >= 1_000_000 {
                    .seconds(1_000_000)
                } else {
                    .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
                }
            source.schedule(deadline: .now() + wait, leeway: .milliseconds(1))
        }
    }
}

extension DeadlineTimer {
    /// Runs `operation` with `task` — the caller's current task — cancelled if `deadline` passes
    /// first; returns its outcome and whether the deadline cancelled it.
    func cancelling<T>(
        _ task: UnsafeCurrentTask, at deadline: ContinuousClock.Instant, _ operation: () async throws -> T
    ) async -> (outcome: Result<T, any Error>, timedOut: Bool) {
        let token = schedule(at: deadline) { [task = CancellableTask(task)] in task.task.cancel() }
        let outcome: Result<T, any Error>
        do { outcome = .success(try await operation()) } catch { outcome = .failure(error) }
        // Taken out before the task goes on: the timer never cancels a task that has moved past this.
        return (outcome, !cancel(token))
    }

    /// `@unchecked Sendable`: the timer calls `cancel()`, which any thread may call, only while
    /// the task is inside ``cancelling(_:at:_:)`` — its action is cancelled before that returns.
    private struct CancellableTask: @unchecked Sendable {
        let task: UnsafeCurrentTask
        init(_ task: UnsafeCurrentTask) { self.task = task }
    }
}
