import Foundation

/// The run's figures as a console table, Markdown and JSON.
struct Report: Codable, Sendable {
    var mode: BenchSettings.Mode
    var date: String
    var machine: String
    /// Wall time of the whole run (loading and every workload), in seconds: the issue bounds a
    /// quick run at two minutes and a full one at fifteen.
    var durationSeconds: Double
    var workloads: [WorkloadResult]
    var skipped: [String]

    /// Rows of the table: workload, backend, path and its figures.
    private var rows: [[String]] {
        workloads.flatMap { workload in
            workload.paths.map { path in
                [
                    workload.id + " " + workload.title, workload.backend, path.name + (path.isReference ? " (ref)" : ""),
                    Self.throughput(path.throughput, workload.operationName),
                    path.ratio.map { String(format: "%.2f", $0) } ?? (path.isReference || path.peakResidentMegabytes != nil ? "1" : "—"),
                    Self.cpuText(path.cpuMicrosecondsPerOperation),
                    path.p50Microseconds.map { String(format: "%.1f", $0) } ?? "",
                    path.p99Microseconds.map { String(format: "%.1f", $0) } ?? "",
                    path.peakResidentMegabytes.map { String(format: "%.1f MB", $0) } ?? "",
                    Self.target(path),
                ]
            }
        }
    }

    /// CPU per operation to three significant figures for a row's fraction of a microsecond
    /// (W2, W3), one decimal otherwise.
    private static func cpuText(_ microseconds: Double) -> String {
        String(format: microseconds < 1 ? "%.3f" : microseconds < 10 ? "%.2f" : "%.1f", microseconds)
    }

    private static let header = [
        "workload", "backend", "path", "throughput", "ratio", "CPU µs/op", "p50 µs", "p99 µs", "peak RSS", "target",
    ]

    var consoleTable: String {
        let all = [Self.header] + rows
        let widths = Self.header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index >= 3 ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }
        var text = line(Self.header) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { text += line(row) + "\n" }
        text += notes.map { "note: " + $0 + "\n" }.joined()
        text += "\n\(mode.rawValue) run: \(durationText)\n"
        return text
    }

    /// The run's wall time, as `12 min 40 s`.
    var durationText: String {
        let seconds = Int(durationSeconds.rounded())
        return seconds < 60 ? "\(seconds) s" : "\(seconds / 60) min \(seconds % 60) s"
    }

    var markdown: String {
        var text = "# Switchyard benchmark (\(mode.rawValue) mode)\n\n\(date), \(machine), \(durationText)\n\n"
        text += "Ratio: median over interleaved rounds of (path throughput ÷ raw C throughput in the same round).\n\n"
        text += "| " + Self.header.joined(separator: " | ") + " |\n"
        text += "|" + Self.header.map { _ in "---" }.joined(separator: "|") + "|\n"
        for row in rows { text += "| " + row.joined(separator: " | ") + " |\n" }
        if !notes.isEmpty { text += "\n" + notes.map { "- " + $0 + "\n" }.joined() }
        return text
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    private var notes: [String] {
        workloads.flatMap { workload in workload.notes.map { "\(workload.id) \(workload.backend): \($0)" } }
            + skipped.map { "skipped: \($0)" }
    }

    private static func throughput(_ value: Double, _ unit: String) -> String {
        let text = value >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value)
        return "\(text) \(unit)/s"
    }

    private static func target(_ path: PathResult) -> String {
        guard let target = path.target else { return "" }
        // A path whose reference was filtered out (`--paths`) has no ratio to judge.
        guard let met = path.targetMet else { return "— (no reference in this run)" }
        if path.peakResidentMegabytes != nil { return (met ? "met" : "MISSED") + String(format: " (< %.0f MB)", target) }
        return (met ? "met" : "MISSED") + String(format: " (≥ %.2f)", target)
    }
}
