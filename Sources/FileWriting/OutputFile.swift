import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The one way permitwatch writes a file: `--output`, reports, plans, exports.
///
/// A path that is a regular file, or nothing yet, is written atomically: into a temporary file
/// beside it, renamed over it once complete, so a failed or interrupted write leaves the file as
/// it was and a reader never sees half of it. Anything else is written through, opened and
/// truncated where it is: the target of a symbolic link, a FIFO, `/dev/stdout`, `/dev/null`.
/// The path itself is never replaced, so a link stays a link and a device stays a device
/// (Foundation's `createFile(atPath:)` renames a new file over whatever the path was, which
/// once turned `/dev/null` into a regular file).
public enum OutputFile {
    /// Hands `body` a sink to `path` (standard output when nil) and finishes the file after.
    ///
    /// - Parameter parameter: the option that named the path, for errors (`output`).
    /// - Throws: `OutputFileError` naming the path when it cannot be opened or written;
    ///   whatever `body` throws, after removing a temporary file.
    public static func write(to path: String?, parameter: String = "output", _ body: (ByteSink) throws -> Void) throws {
        guard let path else {
            // Lines printed through stdio before this must come first.
            fflush(nil)
            let sink = ByteSink { try writeAll($0, to: STDOUT_FILENO, path: "standard output", parameter: parameter) }
            try body(sink)
            try sink.flush()
            return
        }
        var status = stat()
        let exists = lstat(path, &status) == 0
        if !exists || status.st_mode & S_IFMT == S_IFREG {
            try replaceAtomically(path, existing: exists ? status : nil, parameter: parameter, body)
        } else {
            try writeThrough(path, parameter: parameter, body)
        }
    }

    /// Opens what the path points to, truncating it, and writes into it.
    private static func writeThrough(_ path: String, parameter: String, _ body: (ByteSink) throws -> Void) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failure(path, parameter: parameter, errno: errno) }
        defer { close(descriptor) }
        let sink = ByteSink { try writeAll($0, to: descriptor, path: path, parameter: parameter) }
        try body(sink)
        try sink.flush()
    }

    /// Writes a temporary file beside `path` and renames it over `path` once complete, with the
    /// permissions the file had (or a new file's usual ones).
    private static func replaceAtomically(_ path: String, existing: stat?, parameter: String, _ body: (ByteSink) throws -> Void) throws {
        if existing != nil, access(path, W_OK) != 0 { throw failure(path, parameter: parameter, errno: errno) }
        let url = URL(fileURLWithPath: path)
        var template = Array(url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).permitwatch-XXXXXX").path.utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw failure(path, parameter: parameter, errno: errno) }
        let temporary = String(cString: template)
        var renamed = false
        defer {
            close(descriptor)
            if !renamed { unlink(temporary) }
        }
        fchmod(descriptor, existing.map { $0.st_mode & 0o7777 } ?? newFileMode)
        let sink = ByteSink { try writeAll($0, to: descriptor, path: path, parameter: parameter) }
        try body(sink)
        try sink.flush()
        guard rename(temporary, path) == 0 else { throw failure(path, parameter: parameter, errno: errno) }
        renamed = true
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String, parameter: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written >= 0 {
                    offset += written
                } else if errno != EINTR {
                    throw failure(path, parameter: parameter, errno: errno)
                }
            }
        }
    }

    /// 0666 less the process's umask, as `open(…, O_CREAT, 0666)` would create it; `mkstemp`
    /// makes its file 0600.
    private static let newFileMode: mode_t = {
        let mask = umask(0o022)
        umask(mask)
        return 0o666 & ~mask
    }()

    private static func failure(_ path: String, parameter: String, errno code: Int32) -> OutputFileError {
        OutputFileError(path: path, option: parameter, reason: String(cString: strerror(code)))
    }
}
