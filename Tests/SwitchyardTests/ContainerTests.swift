import Testing
@testable import Switchyard

final class Counter: Sendable {
    let value = Locked(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}

final class Service: Sendable {
    let serial: Int
    init(serial: Int) { self.serial = serial }
}

final class Database: Sendable {}
final class Cache: Sendable {}
final class Missing: Sendable {}
final class Alpha: Sendable {}
final class Beta: Sendable {}
final class Gamma: Sendable {}

@Suite struct ContainerTests {
    @Test func singletonIsBuiltOnceWhenManyTasksResolveItAtOnce() async throws {
        let container = Container()
        let builds = Counter()
        container.register(Service.self) { _ in Service(serial: builds.next()) }

        let serials = try await withThrowingTaskGroup(of: ObjectIdentifier.self) { group in
            for _ in 0..<50 {
                group.addTask { ObjectIdentifier(try container.resolve(Service.self)) }
            }
            return try await group.reduce(into: Set<ObjectIdentifier>()) { $0.insert($1) }
        }
        #expect(serials.count == 1)
        #expect(builds.value.value == 1)
    }

    @Test func transientIsBuiltOnEveryResolution() throws {
        let container = Container()
        let builds = Counter()
        container.register(Service.self, lifetime: .transient) { _ in Service(serial: builds.next()) }
        let first = try container.resolve(Service.self)
        let second = try container.resolve(Service.self)
        #expect(first !== second)
        #expect([first.serial, second.serial] == [1, 2])
    }

    @Test func scopedIsOnePerScope() throws {
        let container = Container()
        let builds = Counter()
        container.register(Service.self, lifetime: .scoped) { _ in Service(serial: builds.next()) }
        let scope = container.makeScope()
        let other = container.makeScope()
        #expect(try scope.resolve(Service.self) === scope.resolve(Service.self))
        #expect(try scope.resolve(Service.self) !== other.resolve(Service.self))
        #expect(builds.value.value == 2)
    }

    @Test func scopedOutsideAScopeIsAnError() throws {
        let container = Container()
        container.register(Service.self, lifetime: .scoped) { _ in Service(serial: 0) }
        let error = try #require(throws: SwitchyardError.self) { try container.resolve(Service.self) }
        #expect(error.kind == .configuration)
        #expect(error.message.contains("Service"))
        #expect(error.message.contains("scope"))
    }

    @Test func missingRegistrationNamesTheTypeAndThePath() throws {
        let container = Container()
        container.register(Database.self) { r in _ = try r.resolve(Cache.self); return Database() }
        container.register(Cache.self) { r in _ = try r.resolve(Missing.self); return Cache() }
        let error = try #require(throws: SwitchyardError.self) { try container.resolve(Database.self) }
        #expect(error.kind == .notFound)
        #expect(error.message.contains("nothing is registered for SwitchyardTests.Missing"))
        #expect(error.message.contains("SwitchyardTests.Database → SwitchyardTests.Cache → SwitchyardTests.Missing"))
    }

    @Test func cycleErrorNamesTheWholeCycle() throws {
        let container = Container()
        container.register(Alpha.self) { r in _ = try r.resolve(Beta.self); return Alpha() }
        container.register(Beta.self) { r in _ = try r.resolve(Gamma.self); return Beta() }
        container.register(Gamma.self) { r in _ = try r.resolve(Alpha.self); return Gamma() }
        let error = try #require(throws: SwitchyardError.self) { try container.resolve(Alpha.self) }
        #expect(error.kind == .configuration)
        #expect(error.message.contains(
            "SwitchyardTests.Alpha → SwitchyardTests.Beta → SwitchyardTests.Gamma → SwitchyardTests.Alpha"))
    }

    @Test func namedRegistrationsAreSeparate() throws {
        let container = Container()
        container.register(String.self, name: "primary", instance: "postgres://primary")
        container.register(String.self, name: "replica", instance: "postgres://replica")
        #expect(try container.resolve(String.self, name: "primary") == "postgres://primary")
        #expect(try container.resolve(String.self, name: "replica") == "postgres://replica")
        #expect(container.isRegistered(String.self, name: "primary"))
        #expect(!container.isRegistered(String.self))
        let error = try #require(throws: SwitchyardError.self) { try container.resolve(String.self, name: "archive") }
        #expect(error.message.contains("String named 'archive'"))
    }

    @Test func laterRegistrationReplacesEarlier() throws {
        let container = Container()
        container.register(Int.self, instance: 1)
        container.register(Int.self, instance: 2)
        #expect(try container.resolve(Int.self) == 2)
    }

    @Test func factoryErrorsReachTheCaller() throws {
        struct Boom: Error {}
        let container = Container()
        container.register(Service.self) { _ in throw Boom() }
        #expect(throws: Boom.self) { try container.resolve(Service.self) }
    }

    @Test func scopedDependenciesOfTransientsComeFromTheScope() throws {
        let container = Container()
        let builds = Counter()
        container.register(Cache.self, lifetime: .scoped) { _ in _ = builds.next(); return Cache() }
        container.register(Service.self, lifetime: .transient) { r in _ = try r.resolve(Cache.self); return Service(serial: 0) }
        let scope = container.makeScope()
        _ = try scope.resolve(Service.self)
        _ = try scope.resolve(Service.self)
        #expect(builds.value.value == 1)
    }
}
