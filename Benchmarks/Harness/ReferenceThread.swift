import Foundation

/// Runs the raw C reference on an OS thread of its own, so its blocking calls never
/// occupy Swift's cooperative pool (which the adapters' paths need). One hop per run,
/// not per operation: the reference's own timing is unaffected.
enum ReferenceThread {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result(catching: body)) }
            thread.stackSize = 4 << 20
            thread.start()
        }
    }
}
