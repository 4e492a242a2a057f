import { ConsolePage } from "../../../console/ConsolePage";

/** A game's scoreboard controls. The page is not built yet: it says so. */
export default function GamePage() {
  return (
    <ConsolePage title="Game" lead="A game's scoreboard controls.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
