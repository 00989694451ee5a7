import Foundation

/// Where Lotse's own files are (views, public files, translations, consent-form templates, the API
/// contract): the folder that holds `Resources/Views` and `Public`. A service is started from
/// anywhere, so the working directory is the last place asked, not the first (issue 14):
///
/// 1. `LOTSE_RESOURCES_DIR`, if set (it must hold both folders);
/// 2. the folder of the running program or one of its parents: an installation
///    (`PREFIX/bin/lotse` beside `PREFIX/Resources`, see `scripts/install`) and a build in the
///    repository (`.build/debug/lotse`) are both found this way;
/// 3. the working directory (`swift run` from the repository).
enum ResourceFolder {
    static func root(environment: [String: String] = ProcessInfo.processInfo.environment,
                     executable: String? = executablePath(), workingDirectory: String = FileManager.default.currentDirectoryPath) throws -> String {
        if let configured = environment["LOTSE_RESOURCES_DIR"], !configured.isEmpty {
            guard holdsResources(configured) else {
                throw SetupError(description: "LOTSE_RESOURCES_DIR=\(configured) enthält nicht die Ordner Resources/Views und Public von Lotse.")
            }
            return withSlash(configured)
        }
        if let executable {
            var folder = (executable as NSString).deletingLastPathComponent
            while !folder.isEmpty && folder != "/" {
                if holdsResources(folder) { return withSlash(folder) }
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        return withSlash(workingDirectory)
    }

    static func holdsResources(_ folder: String) -> Bool {
        var isFolder: ObjCBool = false
        let views = FileManager.default.fileExists(atPath: folder + "/Resources/Views", isDirectory: &isFolder) && isFolder.boolValue
        return views && FileManager.default.fileExists(atPath: folder + "/Public", isDirectory: &isFolder) && isFolder.boolValue
    }

    /// The running program's real path (symbolic links resolved), independent of how it was called.
    static func executablePath() -> String? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
    }

    private static func withSlash(_ folder: String) -> String { folder.hasSuffix("/") ? folder : folder + "/" }
}
