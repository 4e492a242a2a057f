import { useParams } from "react-router";
import { ComingSoon } from "../components/ComingSoon";
import NotFoundPage from "./NotFoundPage";

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `/calendar` (this month) and `/calendar/{yyyy}-{mm}`. */
export default function CalendarPage() {
  const { month } = useParams();
  const match = month === undefined ? null : MONTH.exec(month);
  if (month !== undefined && !match) return <NotFoundPage what="month" />;
  const shown = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) : new Date();
  const name = new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric", timeZone: "UTC" }).format(shown);
  return (
    <ComingSoon title={`Calendar · ${name}`}>
      <p>Every event of the month, with live updates as events are added or changed.</p>
    </ComingSoon>
  );
}
