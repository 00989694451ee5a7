import Vapor

/// Serves the files under `Public/` and lets every other request pass without touching the disk.
/// Vapor's `FileMiddleware` asks the file system (on a thread pool) about every path, pages and API
/// included; the folders it may serve are known when Lotse starts, so only their paths go to it
/// (issue 17: a task and a `stat` less on every request).
struct StaticFilesMiddleware: Middleware {
    let files: FileMiddleware
    /// "/css/", "/js/": the top-level folders of the public directory.
    let prefixes: [String]

    init(publicDirectory: String) {
        let publicDirectory = publicDirectory.hasSuffix("/") ? publicDirectory : publicDirectory + "/"
        files = FileMiddleware(publicDirectory: publicDirectory)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: publicDirectory)) ?? []
        prefixes = entries.sorted().map { entry in
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: publicDirectory + entry, isDirectory: &isFolder)
            return isFolder.boolValue ? "/\(entry)/" : "/\(entry)"
        }
    }

    /// A request that matched a route is no file; only the others have their path read (`Route.isProbe`).
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.route == nil, case let path = request.url.path, prefixes.contains(where: { path.hasPrefix($0) }) else {
            return next.respond(to: request)
        }
        return files.respond(to: request, chainingTo: next)
    }
}
