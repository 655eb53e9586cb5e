/*
 * hubui: the small debug page a stand-alone hub serves at "/": subscribe
 * to a topic and watch its events, publish an update with a token. It
 * gives a browser opened at the hub's origin something to run in.
 */
#ifndef WS_HUBUI_H
#define WS_HUBUI_H

/* Borrowed: the page, UTF-8 HTML with its script and style inline. */
extern const char hubui_html[];

#endif
