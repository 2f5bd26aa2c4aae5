/// Whether a backend answers, as last checked.
public struct HealthStatus: Sendable, Hashable, CustomStringConvertible {
    /// Whether the last check succeeded.
    public var isHealthy: Bool
    /// Round-trip time of the check.
    public var latency: Duration?
    /// What failed, when it did (never containing secrets).
    public var message: String?

    /// Creates a status; ``description`` reads it as `up (1.234 ms)` or `down: message`.
    public init(isHealthy: Bool, latency: Duration? = nil, message: String? = nil) {
        self.isHealthy = isHealthy
        self.latency = latency
        self.message = message
    }

    public var description: String {
        if isHealthy {
            return latency.map { "up (\($0.millisecondsText))" } ?? "up"
        }
        return "down" + (message.map { ": \($0)" } ?? "")
    }
}

extension HealthStatus {
    /// How long a built-in backend's health check waits for an answer before it reports the backend down.
    public static let checkLimit = Duration.seconds(10)

    /// Times `probe` (a round trip to the server) as a health check answered within `limit`
    /// (``checking(backend:within:_:)``): up with the round trip as latency when it returns,
    /// down with its error when it throws.
    public static func probing(
        backend: String, within limit: Duration = checkLimit, _ probe: @escaping @Sendable () async throws -> Void
    ) async -> HealthStatus {
        await checking(backend: backend, within: limit) {
            let start = ContinuousClock.now
            do {
                try await probe()
                return HealthStatus(isHealthy: true, latency: .now - start)
            } catch {
                return HealthStatus(isHealthy: false, latency: .now - start, message: "\(error)")
            }
        }
    }

    /// Runs a backend's health `check`, but answers within `limit` whatever the server does:
    /// down, saying it did not answer, when the check has not finished by then. A server that
    /// stopped answering without closing its connections (hung, stopped with `SIGSTOP`, behind
    /// a lost network path) may ignore a statement's timeout and cancel request, and a health
    /// check — `\backends` — must still say so. The check itself goes on in the background
    /// until the server answers or its connection fails; cancelling the caller cancels it.
    ///
    /// ``probing(backend:within:_:)`` does it for a round trip that throws when it fails:
    ///
    /// ```swift
    /// public func health() async -> HealthStatus {
    ///     await HealthStatus.probing(backend: name) { [self] in _ = try await query("SELECT 1").collect() }
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - backend: the backend's name, for the message.
    ///   - limit: how long to wait for `check`.
    ///   - check: the check; its status is returned as it is when it finishes in time.
    public static func checking(
        backend: String, within limit: Duration, _ check: @escaping @Sendable () async -> HealthStatus
    ) async -> HealthStatus {
        let start = ContinuousClock.now
        let answer = Locked<CheckedContinuation<HealthStatus, Never>?>(nil)
        let tasks = Locked<(check: Task<Void, Never>?, timer: Task<Void, Never>?, cancelled: Bool)>((nil, nil, false))
        @Sendable func report(_ status: HealthStatus) {
            answer.withLock { continuation -> CheckedContinuation<HealthStatus, Never>? in
                defer { continuation = nil }
                return continuation
            }?.resume(returning: status)
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<HealthStatus, Never>) in
                answer.withLock { $0 = continuation }
                let checking = Task {
                    report(await check())
                    tasks.withLock { $0.timer }?.cancel()
                }
                let timer = Task {
                    guard (try? await Task.sleep(for: limit)) != nil else { return }
                    report(HealthStatus(
                        isHealthy: false, latency: .now - start,
                        message: "\(backend): no answer within \(limit.secondsText): the server does not respond"))
                }
                let cancelled = tasks.withLock { tasks -> Bool in
                    tasks.check = checking
                    tasks.timer = timer
                    return tasks.cancelled
                }
                if cancelled {
                    checking.cancel()
                    timer.cancel()
                }
            }
        } onCancel: {
            let (checking, timer) = tasks.withLock { tasks in
                tasks.cancelled = true
                return (tasks.check, tasks.timer)
            }
            checking?.cancel()
            timer?.cancel()
            report(HealthStatus(isHealthy: false, latency: .now - start, message: "\(backend): the health check was cancelled"))
        }
    }
}

extension Duration {
    /// Whole seconds as `10 s`, otherwise milliseconds as `250 ms`: how a limit reads in a message.
    fileprivate var secondsText: String {
        let (seconds, attoseconds) = components
        if attoseconds == 0 { return "\(seconds) s" }
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }
}
