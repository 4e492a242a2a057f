import { useId, useState } from "react";
import styles from "./WatchImage.module.css";

interface Watch {
  id: string;
  name: string;
  brand: string;
  category: string;
  image?: string | null;
}

// Dials a watchmaker would choose, with hands that read on them.
const DIALS = [
  { dial: "#16233f", hands: "#f4f1e8", text: "#c9d2e6" },
  { dial: "#0f3b2e", hands: "#f4f1e8", text: "#bcd6c9" },
  { dial: "#141414", hands: "#f5f5f5", text: "#b3b3b3" },
  { dial: "#efeadd", hands: "#1c1c1c", text: "#5b5444" },
  { dial: "#234d7e", hands: "#ffffff", text: "#cfe0f5" },
  { dial: "#5b1f23", hands: "#f6efe4", text: "#e6c9c6" },
  { dial: "#c9ced6", hands: "#1f2733", text: "#4a5261" },
  { dial: "#d9c48f", hands: "#2a2415", text: "#5e4f2a" },
] as const;

/** A stable small number from a string, so a watch keeps its colours from page to page. */
function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (value * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return value;
}

/** A photo narrower than this would be blown up into a blur in the shop's frames: the drawing does better. */
const SMALLEST_PHOTO_PX = 240;

/**
 * A watch's photo, or, when it has none (or it fails to load, or is too small to show well), a drawing of a watch in
 * colours of its own: a round case at ten past ten, a smart watch's square screen. The drawing shows while the photo
 * loads. Decorative either way: the name is in the text beside it.
 */
export function WatchImage({ watch, size = "card" }: { watch: Watch; size?: "card" | "large" | "thumb" }) {
  const [photo, setPhoto] = useState<"loading" | "shown" | "unusable">("loading");
  return (
    <div className={`${styles.frame} ${styles[size]}`}>
      {photo !== "shown" && <WatchDrawing watch={watch} />}
      {watch.image && photo !== "unusable" && (
        <img
          src={watch.image}
          alt=""
          className={styles.photo}
          data-shown={photo === "shown"}
          onLoad={(event) => setPhoto(event.currentTarget.naturalWidth >= SMALLEST_PHOTO_PX ? "shown" : "unusable")}
          onError={() => setPhoto("unusable")}
        />
      )}
    </div>
  );
}

function WatchDrawing({ watch }: { watch: Watch }) {
  const id = useId();
  const seed = hash(watch.id);
  const colours = DIALS[seed % DIALS.length] ?? DIALS[0];
  const gold = (watch.category === "luxury" || watch.category === "dress") && seed % 3 === 0;
  const metal = gold ? ["#f3dc9c", "#b8893a"] : ["#eef1f5", "#8d96a5"];
  const strap = seed % 2 === 0 ? "#3a2a20" : "#2b2f36";
  const smart = watch.category === "smart";
  const diver = watch.category === "diver";
  const ticks = Array.from({ length: 12 }, (_, hour) => hour);
  return (
    <svg viewBox="0 0 200 200" className={styles.drawing} aria-hidden="true">
      <defs>
        <linearGradient id={`${id}-metal`} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor={metal[0]} />
          <stop offset="1" stopColor={metal[1]} />
        </linearGradient>
        <radialGradient id={`${id}-dial`} cx="0.4" cy="0.35" r="0.8">
          <stop offset="0" stopColor={colours.dial} stopOpacity="0.85" />
          <stop offset="1" stopColor={colours.dial} />
        </radialGradient>
      </defs>
      {/* A soft shadow drawn, not filtered: cheap to paint, a dozen to a page. */}
      <circle cx="103" cy="107" r="67" fill="rgb(23 32 51 / 7%)" />
      <rect x="74" y="0" width="52" height="200" rx="10" fill={strap} />
      {smart ? (
        <>
          <rect x="52" y="46" width="96" height="108" rx="26" fill={`url(#${id}-metal)`} />
          <rect x="60" y="54" width="80" height="92" rx="20" fill="#0b0d12" />
          <text x="100" y="108" textAnchor="middle" className={styles.smartTime} fill="#f4f6fa">
            10:10
          </text>
          <circle cx="100" cy="128" r="3" fill="#4ade80" />
          <rect x="147" y="82" width="6" height="18" rx="3" fill={metal[1]} />
        </>
      ) : (
        <>
          <rect x="158" y="92" width="10" height="16" rx="3" fill={metal[1]} />
          <circle cx="100" cy="100" r="64" fill={`url(#${id}-metal)`} />
          {diver && <circle cx="100" cy="100" r="58" fill="#101418" />}
          {diver &&
            ticks.map((hour) => (
              <rect
                key={hour}
                x="99"
                y="44"
                width="2"
                height="5"
                fill="#e8ecf2"
                transform={`rotate(${hour * 30} 100 100)`}
              />
            ))}
          <circle cx="100" cy="100" r={diver ? 50 : 56} fill={`url(#${id}-dial)`} />
          {ticks.map((hour) => (
            <rect
              key={hour}
              x={hour % 3 === 0 ? 98 : 99}
              y={diver ? 53 : 48}
              width={hour % 3 === 0 ? 4 : 2}
              height={hour % 3 === 0 ? 9 : 6}
              rx="1"
              fill={colours.hands}
              transform={`rotate(${hour * 30} 100 100)`}
            />
          ))}
          <text x="100" y="80" textAnchor="middle" className={styles.dialBrand} fill={colours.text}>
            {watch.brand.toUpperCase().slice(0, 14)}
          </text>
          {/* Ten past ten, as watches are photographed. */}
          <rect x="97.5" y="68" width="5" height="36" rx="2.5" fill={colours.hands} transform="rotate(-55 100 100)" />
          <rect x="98.5" y="56" width="3" height="48" rx="1.5" fill={colours.hands} transform="rotate(60 100 100)" />
          <circle cx="100" cy="100" r="4" fill={colours.hands} />
          <circle cx="100" cy="100" r="1.5" fill={colours.dial} />
        </>
      )}
    </svg>
  );
}
