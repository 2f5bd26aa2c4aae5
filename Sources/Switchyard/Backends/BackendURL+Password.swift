import Foundation

extension BackendURL {
    /// This URL with `password` put into its user information (`scheme://user:password@host…`),
    /// percent-encoded, replacing any password already there.
    ///
    /// Used at start-up to join a password from the environment to a URL from the
    /// configuration file. Throws `.configuration` when the URL names no user: there is
    /// nobody to give the password to.
    public func withPassword(_ password: String) throws -> BackendURL {
        guard let slashes = text.range(of: "//") else {
            throw SwitchyardError(.configuration, "'\(redacted)' has no user information (scheme://user@host) to carry a password")
        }
        let queryStart = text[slashes.upperBound...].firstIndex(of: "?") ?? text.endIndex
        let authorityEnd = text[slashes.upperBound..<queryStart].firstIndex(of: "/") ?? queryStart
        guard let at = text[slashes.upperBound..<authorityEnd].lastIndex(of: "@") else {
            throw SwitchyardError(.configuration, "'\(redacted)' names no user (scheme://user@host) to give a password to")
        }
        let userInfo = text[slashes.upperBound..<at]
        let user = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard !user.isEmpty else {
            throw SwitchyardError(.configuration, "'\(redacted)' names no user (scheme://user@host) to give a password to")
        }
        var allowed = CharacterSet.urlUserAllowed
        allowed.remove(charactersIn: ":@/?#[]%")
        let encoded = password.addingPercentEncoding(withAllowedCharacters: allowed) ?? password
        return try BackendURL(String(text[..<slashes.upperBound]) + user + ":" + encoded + String(text[at...]))
    }
}
