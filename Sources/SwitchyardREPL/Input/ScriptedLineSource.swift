import Switchyard

/// Lines given up front: `-c` statements, and sessions driven by tests.
///
/// ``LineInput/interrupted`` may be scripted too, to stand for Ctrl-C at the prompt.
public final class ScriptedLineSource: LineSource {
    private let inputs: Locked<[LineInput]>
    private let recorded = Locked<[String]>([])
    private let prompts = Locked<[String]>([])

    /// Creates a source handing out `inputs` in order, then `.endOfInput`.
    public init(_ inputs: [LineInput]) {
        self.inputs = Locked(inputs.reversed())
    }

    /// The lines of `text`, one input each.
    public convenience init(text: String) {
        self.init(text.split(separator: "\n", omittingEmptySubsequences: false).map { .line(String($0)) })
    }

    /// The next scripted input, or `.endOfInput` once they are used up; records `prompt` in ``promptsShown``.
    public func readLine(prompt: String, continuation previousLines: [String]) async -> LineInput {
        prompts.withLock { $0.append(prompt) }
        return inputs.withLock { $0.popLast() } ?? .endOfInput
    }

    /// Records `entry` in ``history``.
    public func addHistory(_ entry: String) { recorded.withLock { $0.append(entry) } }

    /// Entries the session added to history, in order.
    public var history: [String] { recorded.value }
    /// Prompts the session showed, in order.
    public var promptsShown: [String] { prompts.value }
}
