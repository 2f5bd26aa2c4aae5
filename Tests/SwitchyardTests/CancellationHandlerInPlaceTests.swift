import Switchyard
import Testing

/// `withTaskCancellationHandlerInPlace` keeps the standard library's semantics: the adapters'
/// statements rely on it to stop on the server when their task is cancelled.
@Suite struct CancellationHandlerInPlaceTests {
    @Test func returnsTheOperationsValueAndLeavesTheHandlerUncalled() async throws {
        let calls = Locked(0)
        let value = try await withTaskCancellationHandlerInPlace {
            try await Task.sleep(for: .milliseconds(1))
            return 42
        } onCancel: {
            calls.withLock { $0 += 1 }
        }
        #expect(value == 42)
        #expect(calls.value == 0)
    }

    @Test func rethrowsTheOperationsError() async {
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await withTaskCancellationHandlerInPlace { throw Refused() } onCancel: {}
        }
    }

    /// The operation waits for something only the handler provides: it finishes only if the
    /// handler runs while it is suspended, as a statement waiting for the server does.
    @Test func cancellingTheTaskRunsTheHandlerWhileTheOperationWaits() async throws {
        let waiter = Locked<CheckedContinuation<String, Never>?>(nil)
        let handlerRan = Locked(false)
        let task = Task {
            await withTaskCancellationHandlerInPlace {
                await withCheckedContinuation { continuation in
                    waiter.withLock { $0 = continuation }
                }
            } onCancel: {
                handlerRan.withLock { $0 = true }
            }
        }
        while waiter.withLock({ $0 == nil }) { await Task.yield() }
        task.cancel()
        let deadline = ContinuousClock.now + .seconds(20)
        while !handlerRan.value, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(1)) }
        #expect(handlerRan.value)
        waiter.withLock { $0?.resume(returning: "resumed") }
        #expect(await task.value == "resumed")
    }

    @Test func anAlreadyCancelledTaskRunsTheHandlerBeforeTheOperation() async {
        let events = Locked<[String]>([])
        let task = Task {
            while !Task.isCancelled { await Task.yield() }
            await withTaskCancellationHandlerInPlace {
                events.withLock { $0.append("operation") }
            } onCancel: {
                events.withLock { $0.append("handler") }
            }
        }
        task.cancel()
        await task.value
        #expect(events.value == ["handler", "operation"])
    }

    /// An adapter's session runs its statements on the connection's thread: the operation
    /// must run there too, not on the global pool.
    @Test func theOperationRunsOnTheCallersTaskExecutor() async throws {
        let thread = ConnectionThread(name: "in-place test")
        let onThread = await withTaskExecutorPreference(thread) {
            await Self.operationRunsOn(thread)
        }
        await thread.stop()
        #expect(onThread)
    }

    nonisolated(nonsending) private static func operationRunsOn(_ thread: ConnectionThread) async -> Bool {
        await withTaskCancellationHandlerInPlace {
            await Task.yield()
            return thread.isCurrent
        } onCancel: {}
    }
}
