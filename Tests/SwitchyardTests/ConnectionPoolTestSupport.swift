import Switchyard

/// A stand-in connection for the generic pool (the pool is not a database, so a fake
/// is the honest thing to test it with): it records what the pool does to it.
final class FakeConnection: PoolableConnection {
    let number: Int
    private let state = Locked((broken: false, closed: false, validations: 0, validationResult: true))

    init(number: Int) { self.number = number }

    var isUsable: Bool { state.withLock { !$0.broken && !$0.closed } }
    var isClosed: Bool { state.withLock { $0.closed } }
    var validations: Int { state.withLock { $0.validations } }

    func breakIt() { state.withLock { $0.broken = true } }
    func failValidation() { state.withLock { $0.validationResult = false } }

    func validate() async -> Bool {
        state.withLock { state in
            state.validations += 1
            return state.validationResult
        }
    }

    func close() async { state.withLock { $0.closed = true } }
}

/// Opens numbered ``FakeConnection``s, optionally failing or waiting first, and keeps them all.
final class FakeConnector: Sendable {
    struct ConnectError: Error, Equatable {}

    private let state = Locked((made: [FakeConnection](), failNext: 0, delay: Duration.zero))

    func connect() async throws -> FakeConnection {
        let (shouldFail, delay) = state.withLock { state -> (Bool, Duration) in
            defer { if state.failNext > 0 { state.failNext -= 1 } }
            return (state.failNext > 0, state.delay)
        }
        if delay > .zero { try await Task.sleep(for: delay) }
        if shouldFail { throw ConnectError() }
        return state.withLock { state in
            let connection = FakeConnection(number: state.made.count + 1)
            state.made.append(connection)
            return connection
        }
    }

    func failNext(_ count: Int) { state.withLock { $0.failNext = count } }
    func delay(_ delay: Duration) { state.withLock { $0.delay = delay } }
    var made: [FakeConnection] { state.withLock { $0.made } }

    func pool(
        minimum: Int = 0, maximum: Int = 2, acquireTimeout: Duration = .seconds(5), validationInterval: Duration = .seconds(60)
    ) -> ConnectionPool<FakeConnection> {
        ConnectionPool(
            configuration: ConnectionPoolConfiguration(
                name: "fake", minimumConnections: minimum, maximumConnections: maximum, acquireTimeout: acquireTimeout,
                validationInterval: validationInterval)
        ) { [self] in try await connect() }
    }
}

/// Polls `condition` until it holds or 20 seconds pass; the pool does some work (closing,
/// replacing) in tasks of its own, which a loaded machine running the whole suite in
/// parallel can hold back for seconds.
func eventually(_ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(20)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
