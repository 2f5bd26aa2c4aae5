import Switchyard

/// The checks every Switchyard backend adapter must pass, shipped as a library so
/// that our adapters and third parties' run the same ones (modelled on FluentKit's
/// `FluentBenchmark`).
///
/// Each check opens a fresh backend through the ``ConformanceFixture``, creates its
/// own uniquely named tables, and tears everything down at the end, so checks are
/// independent and may run in parallel. A check that does not hold throws
/// ``ConformanceFailure``; the suite imports no test framework.
///
/// ## Running the suite for your adapter
///
/// Add `SwitchyardConformance` to your test target's dependencies, describe your
/// backend with a fixture, and run every check as one parameterized test:
///
/// ```swift
/// import SwitchyardConformance
/// import Testing
///
/// let suite = ConformanceSuite(fixture: SQLConformanceFixture(
///     typeNames: [.int: "BIGINT", .text: "TEXT", .double: "DOUBLE PRECISION", .bool: "BOOLEAN"],
///     placeholder: { "$\($0)" },
///     makeBackend: { try await MyDriver().makeBackend(BackendConfiguration(name: "conformance", url: BackendURL(testURL))) }))
///
/// @Test(arguments: ConformanceSuite.Check.allCases)
/// func conformance(_ check: ConformanceSuite.Check) async throws {
///     #expect(try await suite.run(check) == .passed)
/// }
/// ```
///
/// With XCTest, loop instead: `for check in ConformanceSuite.Check.allCases { … }`.
/// A check that does not apply (a value kind the fixture does not declare, savepoints
/// on a backend without them) returns ``CheckOutcome/skipped(_:)`` rather than failing.
///
/// > Important: Look at the outcome. A test that discards it shows a skipped check as
/// > passed; expect `.passed`, or allow only the skips the database really cannot avoid
/// > (as the adapter scaffold's test does, recording them as known issues).
public struct ConformanceSuite: Sendable {
    /// Opens and tears down the backend each check runs on, and writes its native statements.
    public let fixture: any ConformanceFixture
    /// A check that runs longer than this fails instead of hanging the test run
    /// (a leaked connection makes the next query wait forever).
    public var timeLimit: Duration

    /// Creates a suite over `fixture`; each check fails after `timeLimit` rather than hanging.
    public init(fixture: some ConformanceFixture, timeLimit: Duration = .seconds(120)) {
        self.fixture = fixture
        self.timeLimit = timeLimit
    }

    /// Runs one check on a fresh backend and tears it down again.
    ///
    /// - Returns: ``CheckOutcome/passed``, or ``CheckOutcome/skipped(_:)`` for a check that
    ///   does not apply; not discardable, since a skipped check thrown away reads as a pass.
    /// - Throws: ``ConformanceFailure`` when the backend does not behave as required.
    public func run(_ check: Check) async throws -> CheckOutcome {
        let fixture = self.fixture
        let backend: any Backend
        do {
            backend = try await fixture.makeBackend()
        } catch {
            throw ConformanceFailure(check: check.description, expected: "the fixture to open a backend", actual: "it threw \(error)")
        }
        let run = CheckRun(check: check, fixture: fixture, backend: backend)
        // Clean-up is part of the timed work: after a timeout it still happens if the
        // stuck step ever returns, and the caller is not kept waiting for it.
        let outcome = await Deadline.run(within: timeLimit) {
            let result: Result<CheckOutcome, any Error>
            do {
                result = .success(try await run.perform())
            } catch {
                result = .failure(error)
            }
            await run.dropTables()
            await fixture.tearDown(backend)
            return result
        }
        guard let outcome else {
            throw ConformanceFailure(
                check: check.description, expected: "the check to finish within \(timeLimit)",
                actual: "it was still running (a query, a connection or the shutdown never completed)")
        }
        switch outcome {
        case .success(let result): return result
        case .failure(let failure as ConformanceFailure): throw failure
        case .failure(let error): throw run.unexpected(error)
        }
    }
}

/// How a check ended when it did not fail.
public enum CheckOutcome: Sendable, Hashable {
    case passed
    /// The check does not apply to this backend; the reason says why.
    case skipped(String)
}
