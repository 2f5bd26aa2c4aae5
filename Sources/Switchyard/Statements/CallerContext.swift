/// Who is asking, and on whose behalf: carried with every request to routers,
/// processors and logs.
public struct CallerContext: Sendable, Hashable {
    /// The user or service making the request.
    public var user: String?
    /// The tenant the request belongs to, for tenant routing.
    public var tenant: String?
    /// Ties log lines and audit rows of one logical operation together.
    public var correlationID: String
    /// The backend this caller's session works against when nothing else decides.
    public var currentBackend: String?
    /// Anything else a custom router or processor needs.
    public var attributes: [String: String]

    public init(
        user: String? = nil, tenant: String? = nil, correlationID: String = CallerContext.makeCorrelationID(),
        currentBackend: String? = nil, attributes: [String: String] = [:]
    ) {
        self.user = user
        self.tenant = tenant
        self.correlationID = correlationID
        self.currentBackend = currentBackend
        self.attributes = attributes
    }

    /// A short random identifier such as `c-3f9a1b2c`.
    public static func makeCorrelationID() -> String {
        "c-" + String(UInt32.random(in: .min ... .max), radix: 16)
    }
}
