import FileWriting
import Foundation
import PermitWatch
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `OutputFile` writes through what a path points to and never replaces the path itself; a
/// regular file is replaced atomically.
@Suite("Output files")
struct OutputFileTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("output-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func fileType(_ path: String) -> mode_t {
        var status = stat()
        lstat(path, &status)
        return status.st_mode & S_IFMT
    }

    @Test func aSymbolicLinkStaysALinkAndItsTargetIsWritten() throws {
        let target = path("target.csv"), link = path("link.csv")
        try "old contents that are longer than the new ones\n".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try OutputFile.write(to: link) { try $0.write("new\n") }
        #expect(fileType(link) == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
    }

    @Test func aFIFOIsWrittenThroughToItsReader() throws {
        let fifo = path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        // A reader on another thread: opening a FIFO for writing waits for one.
        let received = ReceivedText()
        let readerThread = Thread {
            let handle = FileHandle(forReadingAtPath: fifo)
            received.text = String(decoding: handle?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
            received.done.signal()
        }
        readerThread.start()
        try OutputFile.write(to: fifo) { try $0.write("through the pipe\n") }
        #expect(received.done.wait(timeout: .now() + 10) == .success)
        #expect(received.text == "through the pipe\n")
        #expect(fileType(fifo) == S_IFIFO)
    }

    @Test func devNullStaysACharacterDevice() throws {
        try OutputFile.write(to: "/dev/null") { try $0.write("discarded\n") }
        #expect(fileType("/dev/null") == S_IFCHR)
    }

    @Test(.enabled(if: ReadOnlyDirectory.canBeMade, "a read-only directory cannot be made here (root without mount)"))
    func aReadOnlyDirectoryIsAnErrorNamingThePathAndLeavesNothing() throws {
        let locked = try ReadOnlyDirectory(path("locked"))
        defer { locked.remove() }
        let file = locked.path + "/out.csv"
        let error = try #require(throws: OutputFileError.self) { try OutputFile.write(to: file) { try $0.write("x\n") } }
        #expect(error.option == "output" && error.path == file)
        #expect(error.reason == "Read-only file system" || error.reason == "Permission denied")
        #expect(try FileManager.default.contentsOfDirectory(atPath: locked.path).isEmpty)
    }

    @Test func aRegularFileIsReplacedWholeKeepingItsPermissions() throws {
        let file = path("report.csv")
        try "before\n".write(toFile: file, atomically: false, encoding: .utf8)
        #expect(chmod(file, 0o640) == 0)
        try OutputFile.write(to: file) { try $0.write("after\n") }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "after\n")
        var status = stat()
        stat(file, &status)
        #expect(status.st_mode & 0o7777 == 0o640)
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.csv"])
    }

    @Test func aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws {
        struct Interrupted: Error {}
        let file = path("plan.geojson")
        try "the old plan\n".write(toFile: file, atomically: false, encoding: .utf8)
        #expect(throws: Interrupted.self) {
            try OutputFile.write(to: file) { sink in
                try sink.write(String(repeating: "x", count: 200_000))
                throw Interrupted()
            }
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "the old plan\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["plan.geojson"])
    }

    @Test func aNewFileGetsTheUsualPermissions() throws {
        let file = path("new.csv")
        try OutputFile.write(to: file) { try $0.write("a,b\n") }
        var status = stat()
        stat(file, &status)
        let mask = umask(0o022)
        umask(mask)
        #expect(status.st_mode & 0o777 == 0o666 & ~mask)
    }
}

/// What the FIFO's reader thread received.
private final class ReceivedText: @unchecked Sendable {
    var text = ""
    let done = DispatchSemaphore(value: 0)
}

/// A directory nothing can be created in: a read-only tmpfs when running as root (whom
/// permissions do not stop), a directory without write permission otherwise.
struct ReadOnlyDirectory {
    let path: String
    let mounted: Bool

    /// Whether the test can make one: any user can drop write permission; root needs `mount`.
    static let canBeMade: Bool = {
        guard geteuid() == 0 else { return true }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("ro-probe-\(UUID().uuidString)").path
        guard let directory = try? ReadOnlyDirectory(probe) else { return false }
        directory.remove()
        return directory.mounted
    }()

    init(_ path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        if geteuid() == 0 {
            let mount = Process()
            mount.executableURL = URL(fileURLWithPath: "/bin/mount")
            mount.arguments = ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", path]
            mount.standardError = FileHandle.nullDevice
            try mount.run()
            mount.waitUntilExit()
            mounted = mount.terminationStatus == 0
        } else {
            chmod(path, 0o555)
            mounted = false
        }
    }

    func remove() {
        if mounted {
            let unmount = Process()
            unmount.executableURL = URL(fileURLWithPath: "/bin/umount")
            unmount.arguments = [path]
            try? unmount.run()
            unmount.waitUntilExit()
        } else {
            chmod(path, 0o755)
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}
