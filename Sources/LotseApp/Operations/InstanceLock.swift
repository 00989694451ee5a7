import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A running Lotse on SQLite holds a shared lock on `lotse.lock` in its data folder for as long as
/// it runs; `lotse restore` needs the lock for itself and so refuses to replace the files of a
/// database that a running Lotse has open (its connections would go on writing to the old file).
enum InstanceLock {
    static func path(in folder: String) -> String { folder + "/lotse.lock" }

    /// Held until the process ends: the descriptor is never closed.
    static func holdShared(in folder: String) throws {
        let descriptor = open(path(in: folder), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0, flock(descriptor, LOCK_SH | LOCK_NB) == 0 else {
            throw SetupError(description: "Lotse kann \(path(in: folder)) nicht sperren: Läuft gerade eine Wiederherstellung?")
        }
    }

    /// The lock for this process alone, or false while another Lotse holds it.
    static func takeExclusive(in folder: String) -> Bool {
        let descriptor = open(path(in: folder), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        return descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) == 0
    }
}
