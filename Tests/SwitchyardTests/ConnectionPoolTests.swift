import Switchyard
import Testing

@Suite(.timeLimit(.minutes(1)))
struct ConnectionPoolTests {
    @Test func aReleasedConnectionIsReused() async throws {
        let connector = FakeConnector()
        let pool = connector.pool()
        let first = try await pool.acquire()
        pool.release(first)
        let second = try await pool.acquire()
        #expect(second === first)
        pool.release(second)
        #expect(connector.made.count == 1)
        await pool.shutdown()
    }

    @Test func prewarmOpensTheMinimum() async throws {
        let connector = FakeConnector()
        let pool = connector.pool(minimum: 3, maximum: 5)
        try await pool.prewarm()
        #expect(pool.statistics.idle == 3)
        #expect(connector.made.count == 3)
        await pool.shutdown()
    }

    @Test func prewarmThrowsTheConnectError() async throws {
        let connector = FakeConnector()
        connector.failNext(1)
        let pool = connector.pool(minimum: 1)
        await #expect(throws: FakeConnector.ConnectError.self) { try await pool.prewarm() }
        #expect(pool.statistics.connecting == 0)
        await pool.shutdown()
    }

    @Test func sixtyFourTasksOnAPoolOfEightFinishWithoutLeaks() async throws {
        let connector = FakeConnector()
        // About leaks, not speed: a loaded machine may keep a waiter waiting for seconds.
        let pool = connector.pool(maximum: 8, acquireTimeout: .seconds(60))
        let inUse = Locked((now: 0, most: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    for _ in 0..<5 {
                        try await pool.withConnection { connection in
                            inUse.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
                            try await Task.sleep(for: .milliseconds(1))
                            inUse.withLock { $0.now -= 1 }
                            #expect(!connection.isClosed)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let statistics = pool.statistics
        #expect(inUse.value.most <= 8)
        #expect(statistics.leased == 0)
        #expect(statistics.waiting == 0)
        #expect(statistics.connecting == 0)
        #expect(statistics.open <= 8)
        #expect(connector.made.count <= 8)
        await pool.shutdown()
        #expect(connector.made.allSatisfy { $0.isClosed })
    }

    @Test func waitersAreServedInArrivalOrder() async throws {
        let connector = FakeConnector()
        // Waiters queue up one by one, each seen waiting before the next comes: on a loaded machine
        // that can take longer than the default acquire timeout.
        let pool = connector.pool(maximum: 1, acquireTimeout: .seconds(60))
        let held = try await pool.acquire()
        let order = Locked<[Int]>([])
        var tasks: [Task<Void, any Error>] = []
        for number in 0..<5 {
            tasks.append(Task {
                let connection = try await pool.acquire()
                order.withLock { $0.append(number) }
                pool.release(connection)
            })
            // Queue them one after another.
            #expect(await eventually { pool.statistics.waiting == number + 1 })
        }
        pool.release(held)
        for task in tasks { try await task.value }
        #expect(order.value == [0, 1, 2, 3, 4])
        await pool.shutdown()
    }

    /// The pool is not full: the wait was for a connection being opened (a server that accepts
    /// connections and does not answer), which is the server's problem, not the pool's size.
    @Test func waitingPastTheTimeoutForAConnectionBeingOpenedIsAConnectionError() async throws {
        let connector = FakeConnector()
        connector.delay(.seconds(2))
        let pool = connector.pool(maximum: 2, acquireTimeout: .milliseconds(100))
        let error = await #expect(throws: SwitchyardError.self) { try await pool.acquire() }
        #expect(error?.kind == .connection)
        #expect(error?.message.contains("opening one has not finished (1 being opened, 0 in use)") == true, "\(error.map { "\($0)" } ?? "none")")
        #expect(error?.hint?.contains("is the server up") == true)
        await pool.shutdown()
    }

    @Test func waitingPastTheTimeoutThrowsBusy() async throws {
        let connector = FakeConnector()
        let pool = connector.pool(maximum: 1, acquireTimeout: .milliseconds(100))
        let held = try await pool.acquire()
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: SwitchyardError.self) { try await pool.acquire() }
        #expect(error?.kind == .busy)
        #expect(error?.backend == "fake")
        #expect(error?.message.contains("all 1 in use") == true)
        // It waited for the timeout, and the timeout (not something else) ended the wait; the upper
        // bound is generous because loaded CI machines stall for seconds.
        #expect(clock.now - start >= .milliseconds(100))
        #expect(clock.now - start < .seconds(20))
        #expect(pool.statistics.waiting == 0)
        pool.release(held)
        await pool.shutdown()
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let connector = FakeConnector()
        let pool = connector.pool(maximum: 1)
        let held = try await pool.acquire()
        let cancelled = Task { try await pool.acquire() }
        #expect(await eventually { pool.statistics.waiting == 1 })
        let next = Task { try await pool.acquire() }
        #expect(await eventually { pool.statistics.waiting == 2 })
        cancelled.cancel()
        let error = await #expect(throws: SwitchyardError.self) { try await cancelled.value }
        #expect(error?.kind == .cancelled)
        #expect(pool.statistics.waiting == 1)
        pool.release(held)
        let handed = try await next.value
        #expect(handed === held)
        pool.release(handed)
        await pool.shutdown()
    }

    @Test func anAlreadyCancelledTaskDoesNotWait() async throws {
        let connector = FakeConnector()
        let pool = connector.pool(maximum: 1)
        let held = try await pool.acquire()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await pool.acquire()
        }
        let error = await #expect(throws: SwitchyardError.self) { try await task.value }
        #expect(error?.kind == .cancelled)
        #expect(pool.statistics.waiting == 0)
        pool.release(held)
        await pool.shutdown()
    }
}
