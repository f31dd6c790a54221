import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectReviewInputs } from './collect';
import { reviewComment, reviewMarkdown } from './markdown';
import { buildReview, type ReviewGraph, type ReviewReport } from './report';

/** dist/review.{md,json} and the comment-sized dist/review-comment.md. */
export function reviewFiles(workspaceRoot: string) {
  const dist = join(workspaceRoot, 'dist');
  return {
    markdown: join(dist, 'review.md'),
    json: join(dist, 'review.json'),
    comment: join(dist, 'review-comment.md'),
  };
}

/** Reads dist/, builds the report and writes its three files. */
export function writeReview(
  workspaceRoot: string,
  graph: ReviewGraph,
  link?: string,
): ReviewReport {
  const report = buildReview(collectReviewInputs(workspaceRoot), graph);
  const files = reviewFiles(workspaceRoot);
  mkdirSync(join(workspaceRoot, 'dist'), { recursive: true });
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.markdown, reviewMarkdown(report));
  writeFileSync(files.comment, reviewComment(report, link));
  return report;
}
