/// Draws the prompt and line, and redraws them after each edit, on a terminal of a given width.
///
/// Each redraw returns to the first row of the previous drawing, clears to the end of the screen and
/// writes everything again, so lines wider than the terminal (which wrap), wide East Asian characters
/// (two columns) and combining marks (none) all come out right. Control characters in the text are
/// shown in caret notation (`^X`), tabs as one space, and newlines (from a paste or a multi-line
/// history entry) start a new row.
struct LineRenderer: Sendable {
    /// Rows between the first row of the drawing and the row the terminal cursor was left on.
    private(set) var cursorRow = 0
    /// The last drawing filled its last row exactly, so the cursor was moved to a fresh row after it.
    private var endedOnFreshRow = false

    init() {}

    /// The bytes that redraw `display` and leave the cursor at ``EditorDisplay/cursor``.
    mutating func render(_ display: EditorDisplay, columns: Int) -> String {
        var output = "\r"
        if cursorRow > 0 { output += "\u{1B}[\(cursorRow)A" }
        output += "\u{1B}[J"

        var layout = ScreenLayout(columns: columns)
        writePrompt(display.prompt, into: &output, layout: &layout)
        var cursor: ScreenLayout.Position?
        for (offset, character) in display.text.enumerated() {
            let (shown, width) = Self.shownForm(of: character)
            if offset == display.cursor { cursor = shown == nil ? layout.cursor : layout.start(ofWidth: width) }
            if let shown {
                layout.place(width: width)
                output += shown
            } else {
                layout.newline()
                output += "\r\n"
            }
        }
        // A row filled exactly leaves the terminal at its right margin: move on so the cursor can sit there.
        endedOnFreshRow = layout.isPendingWrap
        if layout.isPendingWrap { output += "\r\n" }
        let end = layout.cursor
        let target = cursor ?? end
        if target != end {
            if end.row > target.row { output += "\u{1B}[\(end.row - target.row)A" }
            output += "\r"
            if target.column > 0 { output += "\u{1B}[\(target.column)C" }
        }
        cursorRow = target.row
        return output
    }

    /// Redraws with the cursor after the text, writes `marker` (e.g. `^C`) and moves to a fresh row,
    /// where the caller's output continues.
    mutating func finish(_ display: EditorDisplay, columns: Int, marker: String = "") -> String {
        var atEnd = display
        atEnd.cursor = display.text.count
        var output = render(atEnd, columns: columns)
        if !marker.isEmpty || !endedOnFreshRow { output += marker + "\r\n" }
        cursorRow = 0
        return output
    }

    /// Forgets the previous drawing (after the screen was cleared or other output was written).
    mutating func reset() {
        cursorRow = 0
    }

    /// `candidates` in columns that fit the terminal, one row per line, each line ending in `\r\n`.
    static func candidateList(_ candidates: [String], columns: Int) -> String {
        let cellWidth = (candidates.map { DisplayWidth.of($0) }.max() ?? 0) + 2
        let perRow = max(1, columns / max(cellWidth, 1))
        let rows = (candidates.count + perRow - 1) / perRow
        var output = ""
        for row in 0..<rows {
            var line = ""
            for column in 0..<perRow {
                let index = column * rows + row
                guard index < candidates.count else { break }
                let isLast = column == perRow - 1 || index + rows >= candidates.count
                line += isLast ? candidates[index] : DisplayWidth.pad(candidates[index], to: cellWidth)
            }
            output += line + "\r\n"
        }
        return output
    }

    private func writePrompt(_ prompt: String, into output: inout String, layout: inout ScreenLayout) {
        var escapes = EscapeSkipper()
        for character in prompt {
            if escapes.skips(character) {
                output.append(character)
            } else if character == "\n" || character == "\r\n" {
                layout.newline()
                output += "\r\n"
            } else {
                layout.place(width: DisplayWidth.of(character))
                output.append(character)
            }
        }
    }

    /// What is written for `character` and how many columns it takes; nil for a newline.
    static func shownForm(of character: Character) -> (String?, Int) {
        if character == "\n" || character == "\r\n" { return (nil, 0) }
        if character == "\t" { return (" ", 1) }
        if let ascii = character.asciiValue, ascii < 0x20 || ascii == 0x7F {
            return ("^" + String(UnicodeScalar(ascii ^ 0x40)), 2)
        }
        return (String(character), DisplayWidth.of(character))
    }
}
