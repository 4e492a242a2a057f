import { useParams } from "react-router";
import { ConsolePage } from "../../../console/ConsolePage";
import { Revisions } from "../../../console/catalog/Revisions";

/** A program's details, posters, terms and lessons. The page is not built yet: it says so. */
export default function ProgramPage() {
  return (
    <ConsolePage title="Program" lead="A program's details, posters, terms and lessons.">
      <p className="message message-info">This page is being built.</p>
      <Revisions kind="program" id={useParams().id ?? ""} />
    </ConsolePage>
  );
}
