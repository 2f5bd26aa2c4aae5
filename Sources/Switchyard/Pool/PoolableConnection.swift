/// A connection a ``ConnectionPool`` can hold: the pool knows nothing else about it.
///
/// An adapter makes its connection type conform and hands the pool a function that
/// opens one; the pool decides when to open, check, reuse, replace and close them.
public protocol PoolableConnection: AnyObject, Sendable {
    /// Whether the connection can still be used, known without any I/O (for libpq,
    /// `PQstatus`; for others, a flag set when a call found the connection broken).
    ///
    /// The pool never hands out a connection that is not usable, and closes one that
    /// comes back unusable, opening a replacement when someone is waiting.
    var isUsable: Bool { get }

    /// A cheap round trip proving the connection still works.
    ///
    /// The pool calls it before handing out a connection that has been idle for longer
    /// than ``ConnectionPoolConfiguration/validationInterval`` (a server restart or a
    /// dropped network path shows only when the connection is used). Returning `false`
    /// has the connection closed and replaced.
    func validate() async -> Bool

    /// Closes the connection. Called once, when nobody uses it any more.
    func close() async
}
