import Synchronization

/// Who is asking, and on whose behalf: carried with every request to routers,
/// processors and logs.
public struct CallerContext: Sendable, Hashable {
    /// The user or service making the request.
    public var user: String?
    /// The tenant the request belongs to, for tenant routing.
    public var tenant: String?
    /// Ties log lines and audit rows of one logical operation together: the one given, or a
    /// short identifier such as `c-3f9a1b2c4d5e`, different for every context made in the process.
    public var correlationID: String {
        get { givenCorrelationID ?? Self.correlationText(correlationNumber) }
        set { givenCorrelationID = newValue }
    }
    /// The backend this caller's session works against when nothing else decides.
    public var currentBackend: String?
    /// Anything else a custom router or processor needs.
    public var attributes: [String: String]

    private var givenCorrelationID: String?
    /// The made identifier's number: the text is only formatted when someone reads it (a log
    /// line, an audit row), not for every request.
    private var correlationNumber: UInt64

    /// `correlationID: nil` makes a new identifier (see ``correlationID``).
    public init(
        user: String? = nil, tenant: String? = nil, correlationID: String? = nil,
        currentBackend: String? = nil, attributes: [String: String] = [:]
    ) {
        self.user = user
        self.tenant = tenant
        self.givenCorrelationID = correlationID
        self.correlationNumber = correlationID == nil ? Self.nextCorrelationNumber() : 0
        self.currentBackend = currentBackend
        self.attributes = attributes
    }

    /// A short identifier such as `c-3f9a1b2c4d5e`, different for every call in the process.
    public static func makeCorrelationID() -> String {
        correlationText(nextCorrelationNumber())
    }

    private static func nextCorrelationNumber() -> UInt64 {
        correlationCounter.wrappingAdd(1, ordering: .relaxed).newValue
    }

    private static func correlationText(_ n: UInt64) -> String {
        // A random number per request would cost a getrandom(2) system call on every query: mix a
        // counter with a seed drawn once instead (SplitMix64), unique in the process, unguessable enough for logs.
        var z = correlationSeed &+ n &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return "c-" + String(z >> 16, radix: 16)
    }

    private static let correlationSeed = UInt64.random(in: .min ... .max)
    private static let correlationCounter = Atomic<UInt64>(0)
}
