import Foundation
import Switchyard

extension REPLSession {
    /// `\e`: the statement being typed (taken out of `typing`), else the last one run, goes into a
    /// temporary file for the operator's editor; what the editor saves then runs, statement by
    /// statement (a last one needs no `;`), and goes into `source`'s history. An unchanged or
    /// empty file runs nothing.
    func editAndRun(typing: inout LanguageAwareAccumulator, source: any LineSource) async -> MetaCommandOutcome {
        var original = takeStatement(&typing) ?? ""
        if !original.isEmpty && !original.hasSuffix("\n") { original += "\n" }
        let path: String
        do {
            path = try Self.temporaryFile(containing: original, suffix: Self.language(of: currentBackend, in: runtime) == .mongo ? ".js" : ".sql")
        } catch {
            report(error)
            return .failed
        }
        defer { unlink(path) }
        guard let edited = await edit(path) else { return .failed }
        if edited == original || edited.trimmingWhitespace().isEmpty {
            status("Nothing was changed; nothing was run.")
            return .succeeded
        }
        return await runEdited(edited, source: source)
    }

    /// `\e FILE`: the operator edits FILE (created by the editor if it does not exist), then
    /// what it holds runs, as after `\e` alone.
    func editAndRun(file path: String, source: any LineSource) async -> MetaCommandOutcome {
        guard let edited = await edit(path) else { return .failed }
        return await runEdited(edited, source: source)
    }

    /// Runs the editor on `path` and reads what it saved; `nil` after reporting why not.
    private func edit(_ path: String) async -> String? {
        // What the editor saves may hold `\e` again: each level opens the editor once more.
        guard includeDepth < 16 else {
            report(message: "\\e: edited files run \\e (or \\i) more than 16 levels deep; nothing was run")
            return nil
        }
        output.flush()
        do {
            try await ExternalEditor.fromEnvironment().edit(path)
        } catch {
            report(error)
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            report(SwitchyardError(.notFound, "cannot read '\(path)' after editing it"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            report(SwitchyardError(.invalidInput, "'\(path)' is not UTF-8 text after editing; nothing was run"))
            return nil
        }
        return text
    }

    private func runEdited(_ text: String, source: any LineSource) async -> MetaCommandOutcome {
        includeDepth += 1
        defer { includeDepth -= 1 }
        return MetaCommandOutcome(nested: await run(EditedLines(text: text, history: source)))
    }

    /// A new file only this user can read (the statement may hold data), holding `text`.
    private static func temporaryFile(containing text: String, suffix: String) throws -> String {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(directory)/switchyard-edit-XXXXXX\(suffix)".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, Int32(suffix.utf8.count)) }
        guard descriptor >= 0 else {
            throw SwitchyardError(.invalidInput, "cannot make a file for the editor in \(directory): \(String(cString: strerror(errno)))")
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            unlink(path)
            throw SwitchyardError(.invalidInput, "cannot write the file for the editor (\(path)): \(String(cString: strerror(errno)))")
        }
        return path
    }
}

/// What the editor saved, line by line, recording what runs in the history of the session's input.
private struct EditedLines: LineSource {
    let lines: ScriptedLineSource
    let history: any LineSource

    init(text: String, history: any LineSource) {
        lines = ScriptedLineSource(text: text.hasSuffix("\n") ? String(text.dropLast()) : text)
        self.history = history
    }

    func readLine(prompt: String, continuation previousLines: [String]) async -> LineInput {
        await lines.readLine(prompt: prompt, continuation: previousLines)
    }

    func addHistory(_ entry: String) { history.addHistory(entry) }
}
