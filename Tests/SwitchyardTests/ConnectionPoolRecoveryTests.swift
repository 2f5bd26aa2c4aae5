import Switchyard
import Testing

/// Broken connections, failed connects and shutdown.
@Suite(.timeLimit(.minutes(1)))
struct ConnectionPoolRecoveryTests {
    @Test func aBrokenConnectionComingBackIsClosedAndReplaced() async throws {
        let connector = FakeConnector()
        let pool = connector.pool(maximum: 1)
        let broken = try await pool.acquire()
        let waiter = Task { try await pool.acquire() }
        #expect(await eventually { pool.statistics.waiting == 1 })
        broken.breakIt()
        pool.release(broken)
        let replacement = try await waiter.value
        #expect(replacement !== broken)
        #expect(replacement.isUsable)
        #expect(await eventually { broken.isClosed })
        pool.release(replacement)
        await pool.shutdown()
    }

    @Test func aConnectionThatBrokeWhileIdleIsNeverHandedOut() async throws {
        let connector = FakeConnector()
        let pool = connector.pool(maximum: 2)
        let first = try await pool.acquire()
        pool.release(first)
        first.breakIt()
        let next = try await pool.acquire()
        #expect(next !== first)
        #expect(await eventually { first.isClosed })
        pool.release(next)
        #expect(pool.statistics.open == 1)
        await pool.shutdown()
    }

    @Test func aConnectionIdleTooLongIsValidatedBeforeReuse() async throws {
        let connector = FakeConnector()
        let pool = connector.pool(maximum: 2, validationInterval: .milliseconds(20))
        let first = try await pool.acquire()
        pool.release(first)
        let again = try await pool.acquire()
        #expect(again === first)
        #expect(first.validations == 0)
        pool.release(again)
        try await Task.sleep(for: .milliseconds(50))
        let validated = try await pool.acquire()
        #expect(validated === first)
        #expect(first.validations == 1)
        pool.release(validated)
        await pool.shutdown()
    }

    @Test func aConnectionFailingValidationIsReplaced() async throws {
        let connector = FakeConnector()
        let pool = connector.pool(maximum: 2, validationInterval: .milliseconds(10))
        let first = try await pool.acquire()
        pool.release(first)
        first.failValidation()
        try await Task.sleep(for: .milliseconds(30))
        let next = try await pool.acquire()
        #expect(next !== first)
        #expect(await eventually { first.isClosed })
        pool.release(next)
        await pool.shutdown()
    }

    @Test func aFailedConnectReachesTheWaiterAtOnce() async throws {
        let connector = FakeConnector()
        connector.failNext(1)
        let pool = connector.pool(maximum: 2, acquireTimeout: .seconds(30))
        await #expect(throws: FakeConnector.ConnectError.self) { try await pool.acquire() }
        // The next attempt connects again and succeeds: the pool is not stuck.
        let connection = try await pool.acquire()
        #expect(connection.isUsable)
        pool.release(connection)
        #expect(pool.statistics.connecting == 0)
        await pool.shutdown()
    }

    @Test func everyConnectionBreakingAtOnceStillLeavesAWorkingPool() async throws {
        let connector = FakeConnector()
        let pool = connector.pool(minimum: 2, maximum: 4)
        try await pool.prewarm()
        for connection in connector.made { connection.breakIt() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await pool.withConnection { #expect($0.isUsable) }
                }
            }
            try await group.waitForAll()
        }
        let broken = connector.made.prefix(2)
        #expect(await eventually { broken.allSatisfy { $0.isClosed } && pool.statistics.closing == 0 })
        #expect(pool.statistics.open >= 2)
        await pool.shutdown()
    }

    @Test func theMinimumIsRestoredAfterABrokenConnection() async throws {
        let connector = FakeConnector()
        let pool = connector.pool(minimum: 1, maximum: 2)
        try await pool.prewarm()
        let connection = try await pool.acquire()
        connection.breakIt()
        pool.release(connection)
        #expect(await eventually { pool.statistics.idle == 1 && pool.statistics.open == 1 })
        #expect(connector.made.count == 2)
        await pool.shutdown()
    }

    /// The server goes away: its connections break, and their replacements fail to connect.
    /// Once it is back, the first connection opened tops the pool up to its minimum again.
    @Test func theMinimumIsRestoredOnceTheServerIsBackAfterReplacementsFailed() async throws {
        let connector = FakeConnector()
        let pool = connector.pool(minimum: 2, maximum: 4)
        try await pool.prewarm()
        for connection in connector.made { connection.breakIt() }
        connector.failNext(1_000)
        await #expect(throws: FakeConnector.ConnectError.self) { try await pool.acquire() }
        #expect(await eventually { pool.statistics.connecting == 0 && pool.statistics.closing == 0 })
        #expect(pool.statistics.open == 0)

        connector.failNext(0)
        try await pool.withConnection { #expect($0.isUsable) }
        #expect(await eventually { pool.statistics.idle == 2 && pool.statistics.connecting == 0 })
        #expect(pool.statistics.open == 2)
        await pool.shutdown()
    }

    @Test func shutdownWaitsForLeasedConnections() async throws {
        let connector = FakeConnector()
        let pool = connector.pool(maximum: 2)
        let leased = try await pool.acquire()
        let idle = try await pool.acquire()
        pool.release(idle)
        let finished = Locked(false)
        let shutdown = Task {
            await pool.shutdown()
            finished.withLock { $0 = true }
        }
        #expect(await eventually { idle.isClosed })
        try await Task.sleep(for: .milliseconds(50))
        #expect(!finished.value)
        #expect(!leased.isClosed)
        pool.release(leased)
        await shutdown.value
        #expect(leased.isClosed)
        #expect(pool.statistics.open == 0)
    }

    @Test func shutdownFailsWaitersAndRefusesNewCallers() async throws {
        let connector = FakeConnector()
        let pool = connector.pool(maximum: 1)
        let held = try await pool.acquire()
        let waiter = Task { try await pool.acquire() }
        #expect(await eventually { pool.statistics.waiting == 1 })
        let shutdown = Task { await pool.shutdown() }
        let error = await #expect(throws: SwitchyardError.self) { try await waiter.value }
        #expect(error?.kind == .connection)
        let late = await #expect(throws: SwitchyardError.self) { try await pool.acquire() }
        #expect(late?.kind == .connection)
        pool.release(held)
        await shutdown.value
        await pool.shutdown()
        #expect(held.isClosed)
    }

    @Test func aConnectionOpenedDuringShutdownIsClosed() async throws {
        let connector = FakeConnector()
        connector.delay(.milliseconds(100))
        let pool = connector.pool(maximum: 1)
        let waiter = Task { try await pool.acquire() }
        #expect(await eventually { pool.statistics.connecting == 1 })
        await pool.shutdown()
        _ = await #expect(throws: SwitchyardError.self) { try await waiter.value }
        #expect(connector.made.allSatisfy { $0.isClosed })
        #expect(pool.statistics.connecting == 0)
    }
}
