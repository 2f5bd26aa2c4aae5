/// A row stream that can say where a row it returned came from, such as a file's line:
/// what a copy's error about one row names beside the row's position.
public protocol RowOrigins: RowStream {
    /// Where the row at `index` (0-based, in the order the stream returned its rows) came
    /// from, such as `'people.csv' line 12`; `nil` when it no longer knows. Asked only for
    /// rows among the last thousand it returned.
    func origin(ofRow index: Int) -> String?
}
