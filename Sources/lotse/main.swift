import Foundation
import LotseApp
import NIOCore
import NIOPosix

// Swift Concurrency runs on NIO's event loops instead of its own thread pool: every database
// query of a request otherwise hops from the event loop to a pool thread and back, and on the case
// page's 29 queries those thread switches were a measurable share of the time (issue 17; the
// Vapor template does the same). It must happen before the first task starts, hence here, first.
// Tests build their applications without it and so also run on the default executor.
let onEventLoops = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

// The executable only hands over; everything lives in LotseApp so tests can reach it.
exit(await LotseMain.run(concurrencyOnEventLoops: onEventLoops))
