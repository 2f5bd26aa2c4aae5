import Switchyard

/// Where the REPL writes text: the terminal, a file chosen with `\o`, or a buffer in tests.
///
/// Writers may buffer; the session calls ``flush()`` after each statement so output
/// appears promptly without a system call per row.
public protocol TextOutput: AnyObject, Sendable {
    /// Adds `text` to what is written.
    func write(_ text: String)
    /// Writes out what is buffered.
    func flush()
    /// Whether whoever read the output has gone (`switchyard … | head` after `head`
    /// exits): the session then stops sending statements rather than computing results
    /// nobody reads.
    var isClosedByReader: Bool { get }
}

extension TextOutput {
    /// Outputs that cannot lose their reader (files, buffers) never are.
    public var isClosedByReader: Bool { false }
}

/// Collects everything written, for tests and for embedding the REPL in another program.
public final class StringOutput: TextOutput {
    private let buffer = Locked("")

    /// Creates an empty buffer.
    public init() {}

    /// Appends `text` to ``text``.
    public func write(_ text: String) { buffer.withLock { $0 += text } }
    /// Does nothing: everything written is already in ``text``.
    public func flush() {}

    /// Everything written so far.
    public var text: String { buffer.value }

    /// Forgets what was written so far.
    public func clear() { buffer.withLock { $0 = "" } }
}
