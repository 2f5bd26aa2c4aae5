/// Where a session's input comes from: the line editor at a terminal, a file, standard
/// input, or a list of lines in a test.
public protocol LineSource: Sendable {
    /// The next line; `previousLines` are the unfinished statement's earlier lines.
    func readLine(prompt: String, continuation previousLines: [String]) async -> LineInput
    /// Records a complete statement or command for recall; sources without history ignore it.
    func addHistory(_ entry: String)
}

extension LineSource {
    public func addHistory(_ entry: String) {}
}

extension LineEditor: LineSource {}
