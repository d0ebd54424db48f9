// Room names, without zod (the page checks `?guide=` / `?follow=` before any guide code is loaded).
/** Room names: short, URL- and log-safe. */
export const ROOM_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
