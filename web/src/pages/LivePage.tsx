import { ComingSoon } from "../components/ComingSoon";

/** `/live/{id}`: a live stream and its chat. */
export default function LivePage() {
  return (
    <ComingSoon title="Live">
      <p>A live stream with its chat room: who is here, and what they say.</p>
    </ComingSoon>
  );
}
