/// One key press (or one paste), decoded from the bytes a terminal sends.
///
/// The decoder only says what was pressed; ``EditorState`` decides what it means,
/// so the same key table serves editing and reverse search.
enum Key: Sendable, Equatable {
    /// Printable text: one Unicode scalar as typed (combining marks merge in the buffer).
    case character(Character)
    /// Text between bracketed-paste markers, inserted literally (newlines included).
    case paste(String)
    case enter
    case tab
    case backspace
    /// The Delete key (`ESC[3~`): deletes the character under the cursor.
    case delete
    case up
    case down
    case left
    case right
    case home
    case end
    /// Ctrl- or Alt-Left: one word left.
    case wordLeft
    /// Ctrl- or Alt-Right: one word right.
    case wordRight
    /// Alt-Backspace: delete the word before the cursor.
    case deleteWordBackward
    /// Ctrl plus a letter not decoded as one of the keys above (`"a"` for Ctrl-A).
    case control(Character)
    /// Alt (Meta) plus a printable character, sent as ESC followed by it (`"b"` for Alt-B).
    case meta(Character)
    /// ESC on its own (no sequence followed within the timeout).
    case escape
}
