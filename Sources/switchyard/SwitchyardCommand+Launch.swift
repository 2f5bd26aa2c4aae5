import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Switchyard
import SwitchyardREPL

extension SwitchyardCommand {
    /// Opens the backends, runs the session in the mode the arguments ask for, and
    /// returns the exit status.
    func launch() async -> Int32 {
        // A script that cannot be read is a bad argument: say so before opening anything.
        if let missing = file.first(where: { !FileManager.default.isReadableFile(atPath: $0) }) {
            return usageError(SwitchyardError(.notFound, "cannot read the script '\(missing)' (-f): no such readable file"))
        }
        let drivers = BuiltInDrivers.registry()
        let configuration: SwitchyardConfiguration
        do {
            configuration = try await makeConfiguration(drivers: drivers)
        } catch {
            return usageError(error)
        }
        let runtime: SwitchyardRuntime
        do {
            runtime = try await SwitchyardRuntime.start(configuration, drivers: drivers)
        } catch {
            return usageError(error)
        }
        let settings = REPLSettings(
            format: OutputFormat(rawValue: format.lowercased()) ?? .table, stopOnError: bail, timeout: timeoutLimit)
        let session = REPLSession(runtime: runtime, settings: settings, currentBackend: configuration.defaultBackend)

        var interactive = false
        if !command.isEmpty || !file.isEmpty {
            await runScripts(session)
        } else if isatty(0) != 1 {
            await runStandardInput(session)
        } else {
            interactive = true
            await runInteractive(session, runtime: runtime)
        }
        await runtime.shutdown()
        // Like psql, an interactive session that ends normally succeeds whatever failed along the way.
        return interactive ? 0 : await session.exitStatus
    }

    /// The configuration file (if any) plus the backends on the command line, or the demo
    /// database when neither names one; then environment overrides and command-line settings.
    private func makeConfiguration(drivers: DriverRegistry) async throws -> SwitchyardConfiguration {
        var configuration = try config.map { try SwitchyardConfiguration.load(from: $0) } ?? SwitchyardConfiguration(backends: [])
        configuration.backends += backends.map { SwitchyardConfiguration.BackendEntry(name: $0.name, url: $0.url) }
        if configuration.backends.isEmpty {
            let demo = DemoDatabase()
            if try await demo.createIfMissing(drivers: drivers) {
                FileDescriptorOutput.standardError.write(
                    "Created the demo database at \(demo.path) (customers, products, orders, order_items).\n")
                FileDescriptorOutput.standardError.flush()
            }
            configuration.backends = [.init(name: "demo", url: demo.url)]
        }
        configuration = configuration.applyingEnvironment()
        if readOnly { configuration.readOnly = true }
        if let limit { configuration.rowLimit = limit == 0 ? nil : limit }
        return configuration
    }

    /// `-c` statements and `-f` files in command-line order; Ctrl-C cancels the running statement and stops.
    private func runScripts(_ session: REPLSession) async {
        let token = Self.stopScriptOnInterrupt(session)
        defer { token.cancel() }
        let steps = ScriptStep.ordered(commands: command, files: file, arguments: Array(CommandLine.arguments.dropFirst()))
        for step in steps {
            let outcome: REPLOutcome
            switch step {
            case .command(let text): outcome = await session.runScript(text)
            case .file(let path): outcome = await session.runFile(path)
            }
            guard outcome == .finished else { return }
        }
    }

    private func runStandardInput(_ session: REPLSession) async {
        guard let input = FileLineSource.standardInput() else { return }
        let token = Self.stopScriptOnInterrupt(session)
        defer { token.cancel() }
        _ = await session.run(input)
    }

    private func runInteractive(_ session: REPLSession, runtime: SwitchyardRuntime) async {
        let banner = runtime.backends.all.map { "\($0.name) (\($0.redactedURL))" }
        let current = await session.currentBackend
        var text = "switchyard \(Self.version) — "
        text += banner.count == 1 ? "connected to \(banner[0])\n" : "connected to \(banner.joined(separator: ", ")); using \(current)\n"
        text += "Type \\? for help, \\q to quit.\n"
        FileDescriptorOutput.standardOutput.write(text)
        FileDescriptorOutput.standardOutput.flush()

        await session.refreshCompletions()
        let editor = LineEditor(historyFile: DataDirectory.historyFile(), completer: session.completer)
        // Ctrl-C while a statement runs cancels it; the session stays up.
        let token = InterruptWatcher.shared.onInterrupt { session.interrupt() }
        defer { token.cancel() }
        if await session.run(editor, interactive: true) == .finished {
            FileDescriptorOutput.standardOutput.write("\n")  // Ctrl-D leaves the cursor after the prompt
        }
    }

    /// While a script runs, Ctrl-C cancels the running statement and ends the script
    /// (exit status 130); when no statement is running it ends the process at once.
    private static func stopScriptOnInterrupt(_ session: REPLSession) -> InterruptToken {
        InterruptWatcher.shared.onInterrupt {
            session.interruptScript()
            if !session.isRunningStatement {
                FileDescriptorOutput.standardOutput.flush()
                terminateProcess(130)
            }
        }
    }

    /// Prints a start-up failure as `switchyard: error: …` and returns 2.
    private func usageError(_ error: any Error) -> Int32 {
        var text = "switchyard: error: "
        if let error = error as? SwitchyardError {
            text += error.message + "\n"
            for problem in error.problems { text += "  - \(problem)\n" }
            if let hint = error.hint { text += "HINT: \(hint)\n" }
        } else {
            text += "\(error)\n"
        }
        FileDescriptorOutput.standardError.write(text)
        FileDescriptorOutput.standardError.flush()
        return 2
    }
}
