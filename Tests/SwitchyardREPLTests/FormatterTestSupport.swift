import Switchyard
import SwitchyardREPL

/// Formats `rows` under `names` with `format` and returns the text.
func formatted(
    _ format: OutputFormat, names: [String], rows: [[Value]], expanded: Bool = false,
    settings: FormatterSettings = FormatterSettings()
) -> String {
    let output = StringOutput()
    var formatter = format.makeFormatter(output: output, expanded: expanded, settings: settings)
    let columns = Columns(names: names)
    formatter.begin(columns)
    for values in rows { formatter.write(Row(columns: columns, values: values)) }
    formatter.end(rowCount: rows.count)
    return output.text
}

extension String {
    /// The lines of the text, without the final empty one.
    var lines: [String] {
        var parts = split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }
}
