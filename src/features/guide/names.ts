// Room names, without zod (the page checks `?guide=` / `?follow=` before any guide code is loaded).
/** Room names: short, URL- and log-safe. */
export const ROOM_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
/**
 * A highlightable element of a milestone panel, named by the content (src/layout/elements.ts): the milestone's id and
 * the block's kind and index (`2022.body0`, `2022.item3`, `2022.after0`), or its picture (`2022.picture`).
 */
export const ELEMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.(?:(?:body|item|after)\d{1,3}|picture)$/;
