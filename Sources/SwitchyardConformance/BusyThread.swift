import Dispatch
import Switchyard
import Synchronization

/// For adapters that start some work on the calling task's thread instead of their
/// connection's own ``ConnectionThread``: runs `body` while `thread` is stuck in a job
/// for up to `seconds`, and says whether it was still stuck when `body` returned — that
/// is, whether `body` finished without the thread.
///
/// ```swift
/// let (rows, threadWasBusy) = try await whileThreadIsBusy(connection.thread, seconds: 20) {
///     try await backend.query(lookup, [.int(2)]).collect()
/// }
/// #expect(threadWasBusy, "the lookup waited for the connection's thread")
/// ```
public func whileThreadIsBusy<T: Sendable>(
    _ thread: ConnectionThread, seconds: Double, _ body: @Sendable () async throws -> T
) async throws -> (value: T, threadWasBusy: Bool) {
    let released = Atomic<Bool>(false)
    let gate = DispatchSemaphore(value: 0)
    let entered = DispatchSemaphore(value: 0)
    guard thread.submit({
        entered.signal()
        gate.wait()
    }) else {
        throw SwitchyardError(.connection, "the connection's thread has stopped")
    }
    entered.wait()
    let opener = Task.detached {
        try? await Task.sleep(for: .seconds(seconds))
        released.store(true, ordering: .sequentiallyConsistent)
        gate.signal()
    }
    let outcome: Result<T, any Error>
    do {
        outcome = .success(try await body())
    } catch {
        outcome = .failure(error)
    }
    let threadWasBusy = !released.load(ordering: .sequentiallyConsistent)
    // The thread is free again before this returns.
    opener.cancel()
    await opener.value
    return (try outcome.get(), threadWasBusy)
}
