import Foundation
import Logging

/// The logger commands hand to the library: `warning: …` lines on standard error.
enum CommandLogging {
    static func makeLogger(verbose: Bool = false) -> Logger {
        var logger = Logger(label: "permitwatch") { _ in PlainLogHandler() }
        logger.logLevel = verbose ? .info : .warning
        return logger
    }
}

/// Prints `level: message` without timestamps: commands talk to people, not log collectors.
struct PlainLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .warning

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        printError("\(event.level): \(event.message)")
    }
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
