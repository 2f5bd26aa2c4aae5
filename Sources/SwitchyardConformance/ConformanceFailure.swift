/// A conformance check that did not hold: which check, what it expected, what came back,
/// and where in the suite it was checked.
///
/// A plain `Error` rather than a test-framework assertion, so the suite runs under
/// Swift Testing, XCTest or a hand-written runner alike: the test just lets it propagate.
public struct ConformanceFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The check that failed, as ``ConformanceSuite/Check/description`` spells it.
    public var check: String
    /// What the check required.
    public var expected: String
    /// What the backend did instead.
    public var actual: String
    /// The suite's source file and line where the expectation is written.
    public var file: String
    /// The line in ``file`` where the expectation is written.
    public var line: Int

    /// Creates a failure; `file` and `line` default to the caller's position in the suite.
    public init(check: String, expected: String, actual: String, file: String = #fileID, line: Int = #line) {
        self.check = check
        self.expected = expected
        self.actual = actual
        self.file = file
        self.line = line
    }

    public var description: String {
        "conformance check '\(check)' failed\n  expected: \(expected)\n  actual:   \(actual)\n  at: \(file):\(line)"
    }
}
