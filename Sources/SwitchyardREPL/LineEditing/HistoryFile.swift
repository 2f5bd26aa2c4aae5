import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The persistent history: one entry per line, UTF-8, created with mode 0600 (statements may hold
/// sensitive data).
///
/// A multi-line statement is stored on one line with `\n`, `\r` and `\` escaped (`\\n`, `\\r`, `\\\\`),
/// so it comes back as one entry. History is a convenience: a file that cannot be read or written, or
/// that is not valid text, never stops the session; it just starts (or stays) empty.
struct HistoryFile: Sendable, Equatable {
    let path: String

    init(path: String) {
        self.path = path
    }

    /// All entries in the file, oldest first; empty when the file is missing, unreadable or corrupt.
    func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(validating: data, as: UTF8.self),
              !text.contains("\0")
        else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: true).map { Self.unescape(String($0)) }
    }

    /// Appends one entry, creating the file (0600) and its directory (0700) when missing.
    @discardableResult
    func append(_ entry: String) -> Bool {
        createDirectory()
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return Self.writeAll(Self.escape(entry) + "\n", to: descriptor)
    }

    /// Replaces the file's contents with `entries`, atomically (written beside it, then renamed).
    @discardableResult
    func rewrite(_ entries: [String]) -> Bool {
        createDirectory()
        let temporary = path + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        let text = entries.map { Self.escape($0) + "\n" }.joined()
        let written = Self.writeAll(text, to: descriptor)
        close(descriptor)
        guard written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    static func escape(_ entry: String) -> String {
        var escaped = ""
        for scalar in entry.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// The inverse of ``escape(_:)``; a backslash before anything else is kept as written.
    static func unescape(_ line: String) -> String {
        var text = ""
        var scalars = line.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\\" else {
                text.unicodeScalars.append(scalar)
                continue
            }
            switch scalars.next() {
            case "n": text += "\n"
            case "r": text += "\r"
            case "\\": text += "\\"
            case let other?: text += "\\" + String(other)
            case nil: text += "\\"
            }
        }
        return text
    }

    private func createDirectory() {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) else { return }
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
        )
    }

    private static func writeAll(_ text: String, to descriptor: Int32) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written > 0 {
                offset += written
            } else if !(written < 0 && errno == EINTR) {
                return false
            }
        }
        return true
    }
}
