import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory switchyard-new-adapter --name Redis [--scheme redis] [--sql]`
///
/// Writes the skeleton of a new backend adapter — driver, backend, (for SQL
/// databases) dialect — and a test target that runs Switchyard's conformance
/// suite against it, then prints the Package.swift lines to add. Existing files are
/// never overwritten.
@main
struct AdapterScaffold: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        guard let name = extractor.extractOption(named: "name").first else {
            throw ScaffoldError("missing --name (for example --name Redis)")
        }
        guard let first = name.unicodeScalars.first, CharacterSet.uppercaseLetters.contains(first),
            name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII })
        else {
            throw ScaffoldError("--name must be an UpperCamelCase identifier such as Redis or DuckDB, not '\(name)'")
        }
        let scheme = extractor.extractOption(named: "scheme").first ?? name.lowercased()
        let isSQL = extractor.extractFlag(named: "sql") > 0
        try ReservedNames.check(name: name, scheme: scheme)
        let files = AdapterTemplate(name: name, scheme: scheme, isSQL: isSQL).files()

        let root = context.package.directoryURL
        for (path, _) in files where FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) {
            throw ScaffoldError("\(path) already exists; nothing was written")
        }
        for (path, contents) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
            print("created \(path)")
        }
        print(AdapterTemplate(name: name, scheme: scheme, isSQL: isSQL).packageSnippet)
    }
}

struct ScaffoldError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = "switchyard-new-adapter: " + description }
}
