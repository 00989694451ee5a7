import Foundation
import LotseApp

// The executable only hands over; everything lives in LotseApp so tests can reach it.
exit(await LotseMain.run())
