import Foundation
import KlingCLI

exit(CLI.run(Array(CommandLine.arguments.dropFirst())).rawValue)
