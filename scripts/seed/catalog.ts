import { decodeBase64 } from "hono/utils/encode";
import {
  type LessonRow,
  lessonAssets,
  lessons,
  programAssets,
  programs,
  programTopics,
  terms,
  topics,
} from "../../src/catalog/schema";
import type { Database } from "../../src/db/client";
import { IMAGE_TYPES } from "../../src/media/image-type";
import { storeMedia } from "../../src/media/storage";
import { DEMO_IMAGES, type DemoImage } from "./images";

const at = (now: Date, minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
const cdn = (path: string) => `https://cdn.example.com/demo/${path}`;

type LessonSeed = Pick<
  LessonRow,
  | "id"
  | "termId"
  | "lessonNumber"
  | "title"
  | "description"
  | "contentType"
  | "contentLanguagePrimary"
  | "contentLanguagesAvailable"
  | "contentUrlsByLanguage"
> &
  Partial<LessonRow>;

/**
 * The demo catalog: two programs (Telugu for Beginners in te with en, Kitchen Basics in en), three topics, three
 * terms, seven lessons (published, draft, and one scheduled two minutes after seeding), with posters and thumbnails
 * uploaded to R2 for every primary language. Seeds only when there are no programs yet; returns whether it did.
 */
export async function seedCatalog(db: Database, media: R2Bucket, now = new Date()): Promise<boolean> {
  if (await db.$count(programs)) return false;

  // Upload every demo image to R2 (content-addressed, like a real upload) and keep its /media/ URL by name.
  const stored = await Promise.all(
    (Object.keys(DEMO_IMAGES) as DemoImage[]).map(async (name) => {
      const bytes = decodeBase64(DEMO_IMAGES[name]);
      return [name, (await storeMedia(media, { bytes, type: IMAGE_TYPES.png })).url] as const;
    }),
  );
  const url = Object.fromEntries(stored) as Record<DemoImage, string>;

  const created = at(now, -60 * 24 * 7);
  const published = at(now, -60 * 24 * 3);
  const stamps = { createdAt: created, updatedAt: created };

  const topicRows = [
    { id: "topic-language", name: "Language learning", createdAt: created },
    { id: "topic-culture", name: "Culture", createdAt: created },
    { id: "topic-cooking", name: "Cooking", createdAt: created },
  ];
  const programRows = [
    {
      id: "program-telugu",
      title: "Telugu for Beginners",
      description: "Speak everyday Telugu in six short lessons, with English subtitles.",
      languagePrimary: "te",
      languagesAvailable: ["te", "en"],
      status: "published" as const,
      publishedAt: published,
      ...stamps,
    },
    {
      id: "program-kitchen",
      title: "Kitchen Basics",
      description: "The knife skills and techniques every home cook needs.",
      languagePrimary: "en",
      languagesAvailable: ["en"],
      status: "published" as const,
      publishedAt: at(now, -60 * 24 * 2),
      ...stamps,
    },
  ];
  const termRows = [
    { id: "term-telugu-1", programId: "program-telugu", termNumber: 1, title: "Getting started", ...stamps },
    { id: "term-telugu-2", programId: "program-telugu", termNumber: 2, title: "Everyday conversations", ...stamps },
    { id: "term-kitchen-1", programId: "program-kitchen", termNumber: 1, title: "Knife skills", ...stamps },
  ];
  const telugu = {
    contentLanguagePrimary: "te",
    contentLanguagesAvailable: ["te"],
    subtitleLanguages: ["en"],
  };
  const lessonRows: LessonSeed[] = [
    {
      id: "lesson-greetings",
      termId: "term-telugu-1",
      lessonNumber: 1,
      title: "Greetings and introductions",
      description: "Namaskaram! Say hello and introduce yourself.",
      contentType: "video",
      durationMs: 8 * 60_000,
      ...telugu,
      contentLanguagesAvailable: ["te", "en"],
      contentUrlsByLanguage: { te: cdn("telugu/greetings/te.m3u8"), en: cdn("telugu/greetings/en.m3u8") },
      subtitleUrlsByLanguage: { en: cdn("telugu/greetings/en.vtt") },
      status: "published",
      publishedAt: published,
    },
    {
      id: "lesson-numbers",
      termId: "term-telugu-1",
      lessonNumber: 2,
      title: "Numbers and counting",
      description: "Count from one to a hundred and tell the time.",
      contentType: "video",
      durationMs: 11 * 60_000,
      ...telugu,
      contentLanguagesAvailable: ["te", "en"],
      contentUrlsByLanguage: { te: cdn("telugu/numbers/te.m3u8"), en: cdn("telugu/numbers/en.m3u8") },
      subtitleUrlsByLanguage: { en: cdn("telugu/numbers/en.vtt") },
      status: "published",
      publishedAt: at(now, -60 * 24),
    },
    {
      id: "lesson-market",
      termId: "term-telugu-1",
      lessonNumber: 3,
      title: "At the market",
      description: "Ask prices and bargain for vegetables.",
      contentType: "audio",
      durationMs: 6 * 60_000,
      ...telugu,
      contentUrlsByLanguage: { te: cdn("telugu/market/te.mp3") },
      subtitleUrlsByLanguage: { en: cdn("telugu/market/en.vtt") },
      isPaid: true,
      status: "published",
      publishedAt: at(now, -60 * 12),
    },
    {
      id: "lesson-directions",
      termId: "term-telugu-2",
      lessonNumber: 1,
      title: "Asking for directions",
      description: "Find your way to the station, the temple and the beach.",
      contentType: "video",
      durationMs: 9 * 60_000,
      ...telugu,
      contentUrlsByLanguage: { te: cdn("telugu/directions/te.m3u8") },
      subtitleUrlsByLanguage: { en: cdn("telugu/directions/en.vtt") },
      // Published by the Cron Trigger about two minutes after seeding.
      status: "scheduled",
      publishAt: at(now, 2),
    },
    {
      id: "lesson-family",
      termId: "term-telugu-2",
      lessonNumber: 2,
      title: "Family and relationships",
      description: "Words for the family, and how to address elders politely.",
      contentType: "article",
      ...telugu,
      contentUrlsByLanguage: { te: cdn("telugu/family/te.html") },
      subtitleLanguages: [],
      subtitleUrlsByLanguage: {},
    },
    {
      id: "lesson-chef-knife",
      termId: "term-kitchen-1",
      lessonNumber: 1,
      title: "Holding a chef's knife",
      description: "The pinch grip, the claw, and keeping your fingers.",
      contentType: "video",
      durationMs: 7 * 60_000,
      contentLanguagePrimary: "en",
      contentLanguagesAvailable: ["en"],
      contentUrlsByLanguage: { en: cdn("kitchen/chef-knife/en.m3u8") },
      status: "published",
      publishedAt: at(now, -60 * 24 * 2),
    },
    {
      id: "lesson-onion",
      termId: "term-kitchen-1",
      lessonNumber: 2,
      title: "Dicing an onion",
      description: "Even cubes without tears.",
      contentType: "video",
      durationMs: 5 * 60_000,
      contentLanguagePrimary: "en",
      contentLanguagesAvailable: ["en"],
      contentUrlsByLanguage: { en: cdn("kitchen/onion/en.m3u8") },
    },
  ];

  const poster = (programId: string, language: string, variant: "portrait" | "landscape", url: string) => ({
    id: `poster-${programId}-${language}-${variant}`,
    programId,
    language,
    variant,
    assetType: "poster" as const,
    url,
    ...stamps,
  });
  const thumbnails = (lessonId: string, language: string, portrait: string, landscape: string) =>
    (["portrait", "landscape"] as const).map((variant) => ({
      id: `thumbnail-${lessonId}-${language}-${variant}`,
      lessonId,
      language,
      variant,
      assetType: "thumbnail" as const,
      url: variant === "portrait" ? portrait : landscape,
      ...stamps,
    }));
  const posterRows = [
    poster("program-telugu", "te", "portrait", url.saffronPortrait),
    poster("program-telugu", "te", "landscape", url.saffronLandscape),
    poster("program-telugu", "en", "portrait", url.indigoPortrait),
    poster("program-kitchen", "en", "portrait", url.tealPortrait),
    poster("program-kitchen", "en", "landscape", url.tealLandscape),
  ];
  const thumbnailRows = lessonRows.flatMap((lesson) =>
    lesson.contentLanguagePrimary === "te"
      ? thumbnails(lesson.id, "te", url.saffronPortrait, url.saffronLandscape)
      : thumbnails(lesson.id, "en", url.tealPortrait, url.indigoLandscape),
  );

  // One batch, one transaction; one row per statement keeps each under D1's 100 bound parameters.
  await db.batch([
    db.insert(topics).values(topicRows),
    ...programRows.map((row) => db.insert(programs).values(row)),
    db.insert(programTopics).values([
      { programId: "program-telugu", topicId: "topic-language" },
      { programId: "program-telugu", topicId: "topic-culture" },
      { programId: "program-kitchen", topicId: "topic-cooking" },
    ]),
    ...termRows.map((row) => db.insert(terms).values(row)),
    ...lessonRows.map((row) => db.insert(lessons).values({ ...stamps, ...row })),
    ...posterRows.map((row) => db.insert(programAssets).values(row)),
    ...thumbnailRows.map((row) => db.insert(lessonAssets).values(row)),
  ]);
  return true;
}
