import Foundation

/// Writes the report as Markdown and JSON: one pair per run, plus `latest-<mode>.*`.
enum ResultFiles {
    static func write(_ report: Report, to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let stamp = report.date.replacingOccurrences(of: ":", with: "-")
        let json = try report.json()
        var written: [String] = []
        for name in ["\(stamp)-\(report.mode.rawValue)", "latest-\(report.mode.rawValue)"] {
            let markdownPath = "\(folder)/\(name).md"
            let jsonPath = "\(folder)/\(name).json"
            try Data(report.markdown.utf8).write(to: URL(fileURLWithPath: markdownPath))
            try json.write(to: URL(fileURLWithPath: jsonPath))
            written += [markdownPath, jsonPath]
        }
        return written
    }
}
