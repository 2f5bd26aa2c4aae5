/// How many connections a ``ConnectionPool`` keeps, and how long callers wait for one.
public struct ConnectionPoolConfiguration: Sendable, Hashable {
    /// Connections opened up front and kept open: a broken one below this count is
    /// replaced right away, not at the next request.
    public var minimumConnections: Int
    /// The most connections open (or being opened) at once; further callers wait.
    public var maximumConnections: Int
    /// How long ``ConnectionPool/acquire(for:)`` waits for a free connection before it
    /// throws `.busy`.
    public var acquireTimeout: Duration
    /// A connection idle for longer than this is validated (a round trip) before reuse.
    public var validationInterval: Duration
    /// Whose pool this is, for error messages (the backend's name).
    public var name: String

    /// - Precondition: none; out-of-range sizes are clamped (`maximum` at least 1,
    ///   `minimum` between 0 and `maximum`).
    public init(
        name: String, minimumConnections: Int = 1, maximumConnections: Int = 8, acquireTimeout: Duration = .seconds(30),
        validationInterval: Duration = .seconds(10)
    ) {
        self.name = name
        self.maximumConnections = max(1, maximumConnections)
        self.minimumConnections = min(max(0, minimumConnections), self.maximumConnections)
        self.acquireTimeout = acquireTimeout
        self.validationInterval = validationInterval
    }
}

/// What a ``ConnectionPool`` holds right now and has done so far: for metrics, and
/// for tests that prove nothing leaks.
public struct ConnectionPoolStatistics: Sendable, Hashable, CustomStringConvertible {
    /// Open connections, idle or leased.
    public var open: Int
    /// Open connections no caller holds.
    public var idle: Int
    /// Open connections a caller holds now.
    public var leased: Int
    /// Connections being opened.
    public var connecting: Int
    /// Connections being closed.
    public var closing: Int
    /// Callers waiting for a connection.
    public var waiting: Int
    /// Connections opened since the pool started.
    public var opened: Int
    /// Connections closed since the pool started (broken ones included).
    public var closed: Int

    public var description: String {
        "\(open) open (\(idle) idle, \(leased) leased), \(connecting) connecting, \(closing) closing, \(waiting) waiting; \(opened) opened, \(closed) closed in all"
    }
}
